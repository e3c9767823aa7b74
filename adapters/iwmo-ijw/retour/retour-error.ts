export type RetourErrorCode =
  | 'RETOUR_NO_RETOUR_FOR_TYPE'
  | 'RETOUR_INVALID_INPUT'
  | 'RETOUR_UNKNOWN_RETOURCODE'
  | 'RETOUR_XML_MALFORMED'
  | 'RETOUR_XML_MISMATCH';

/**
 * A retour, 325 or validation report cannot be built from what the caller passed. Messages name element
 * paths, rule ids and codes only, never values from the message (a value may be a BSN or a name).
 */
export class RetourBuildError extends Error {
  constructor(readonly code: RetourErrorCode, message: string, readonly path?: string) {
    super(message);
    this.name = 'RetourBuildError';
  }
}
