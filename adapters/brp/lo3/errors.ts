// Typed errors for reading and writing LO3. Neither ever quotes a value from the message
// (values are BSNs, names, addresses): `found` is a byte in hex, a count, or a code.

export type Lo3ErrorCode =
  /** The input ends before a fixed field or the declared berichtlengte is complete. */
  | 'TRUNCATED'
  /** A byte that is not 0–9 where the layout demands digits (random key, numeric header field, length, category, element code). */
  | 'NOT_DIGITS'
  /** An alphanumeric header field (status, foutreden) holds something other than A–Z, a–z, 0–9, space. */
  | 'INVALID_HEADER_VALUE'
  /** A berichtnummer this parser does not handle. */
  | 'UNKNOWN_MESSAGE'
  /** A length field disagrees with the bytes around it (extra bytes, a category or element running past its container). */
  | 'LENGTH_MISMATCH'
  /** A category number outside 01–17, 21 (current) and 51–67, 71 (historic). */
  | 'UNKNOWN_CATEGORY'
  /** The same element twice in one category occurrence; the RvIG model cannot hold that. */
  | 'DUPLICATE_ELEMENT'
  /** A byte (or diacritic + letter pair) outside the LO3 Teletex repertoire. */
  | 'INVALID_TELETEX';

/** A malformed LO3 message, refused at `offset` (0-based byte offset into the raw message). */
export class Lo3Error extends Error {
  override readonly name = 'Lo3Error';
  readonly code: Lo3ErrorCode;
  readonly offset: number;
  readonly expected: string;
  readonly found: string;

  constructor(code: Lo3ErrorCode, offset: number, expected: string, found: string) {
    super(`LO3 ${code} at byte offset ${offset}: expected ${expected}, found ${found}`);
    this.code = code;
    this.offset = offset;
    this.expected = expected;
    this.found = found;
  }
}

export type Lo3BuildErrorCode =
  /** A header field (random key, herhaling, …) that does not have its fixed length or kind. */
  | 'INVALID_HEADER_FIELD'
  /** A key under plData that is not `c01`–`c17` or `c21`. */
  | 'UNKNOWN_CATEGORY'
  /** A key in a category occurrence that is not `eNNNN` (or `historie`). */
  | 'INVALID_ELEMENT_CODE'
  /** A character with no Teletex encoding in the LO3 repertoire. */
  | 'UNENCODABLE_CHARACTER'
  /** An element value over 999 bytes, a category over 999 bytes or a body over 99,999 bytes. */
  | 'TOO_LONG'
  /** An Ap01 without any identifying rubriek, or an Av01 without 01.01.10. */
  | 'MISSING_IDENTIFICATION'
  /** A rubriek the message type forbids (84.10 in an Ap01) or with the wrong format (A-nummer not 10 digits, …). */
  | 'INVALID_VALUE';

/** Refusal to build an LO3 message from typed input; `path` points into the input (e.g. `plData.c01[0].e0110`). */
export class Lo3BuildError extends Error {
  override readonly name = 'Lo3BuildError';
  readonly code: Lo3BuildErrorCode;
  readonly path: string;
  readonly expected: string;
  readonly found: string;

  constructor(code: Lo3BuildErrorCode, path: string, expected: string, found: string) {
    super(`LO3 build ${code} at ${path}: expected ${expected}, found ${found}`);
    this.code = code;
    this.path = path;
    this.expected = expected;
    this.found = found;
  }
}

/** `byte 0x4C` — how errors show a single offending byte without quoting message text. */
export function describeByte(byte: number | undefined): string {
  return byte === undefined ? 'end of input' : `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
