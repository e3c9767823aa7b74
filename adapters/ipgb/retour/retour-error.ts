export type IpgbRetourErrorCode =
  | 'RETOUR_NO_RETOUR_FOR_TYPE'
  | 'RETOUR_INVALID_INPUT'
  | 'RETOUR_UNKNOWN_RETOURCODE'
  | 'RETOUR_XML_MISMATCH';

/** A retour cannot be built from what the caller passed. Messages name paths, rule ids and codes, never values. */
export class IpgbRetourError extends Error {
  constructor(readonly code: IpgbRetourErrorCode, message: string, readonly path?: string) {
    super(message);
    this.name = 'IpgbRetourError';
  }
}
