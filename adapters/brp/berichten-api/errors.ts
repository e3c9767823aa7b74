// A BRP Berichten API JSON message that cannot be read into the RvIG model. Like Lo3Error it never
// quotes a value from the message: `found` is a JSON type, a length, a count or a code.

export type BerichtenApiErrorCode =
  /** Not UTF-8, or not JSON at all. */
  | 'JSON_MALFORMED'
  /** Valid JSON that is not a message object (or an envelope around one). */
  | 'NOT_A_MESSAGE'
  /** A get-message answer with other than exactly one opgehaald bericht. */
  | 'NOT_ONE_MESSAGE'
  /** A berichtType this gateway does not handle. */
  | 'UNKNOWN_MESSAGE'
  /** A required field is missing. */
  | 'MISSING_FIELD'
  /** A field the schema does not allow here (additionalProperties / unevaluatedProperties false). */
  | 'UNKNOWN_FIELD'
  /** A field with the wrong JSON type, length or pattern. */
  | 'INVALID_FIELD'
  /** A plData key that is not a category of the schema. */
  | 'UNKNOWN_CATEGORY'
  /** An element the schema does not allow in this category (or in its historie). */
  | 'UNKNOWN_ELEMENT'
  /** An element value of the wrong type, length or pattern. */
  | 'INVALID_VALUE'
  /** A stack count the schema does not allow (no stacks, several of a non-repeating category, empty historie). */
  | 'INVALID_STACKS'
  /** berichtKenmerken.berichtType and berichtInhoud.berichtType disagree. */
  | 'INCONSISTENT';

export class BerichtenApiError extends Error {
  override readonly name = 'BerichtenApiError';

  constructor(
    readonly code: BerichtenApiErrorCode,
    /** Where in the JSON, e.g. `berichtInhoud.plData.c08[0].historie[0].e0910`; `$` for the whole document. */
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`Berichten API ${code} at ${path}: expected ${expected}, found ${found}`);
  }
}

/** How an error names a JSON value without showing it. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}
