export type ModelErrorCode =
  | 'IWMO_IJW_UNKNOWN_TYPE'
  | 'IWMO_IJW_NOT_A_BERICHT'
  | 'IWMO_IJW_TYPE_MISMATCH'
  | 'IWMO_IJW_MISSING_ELEMENT'
  | 'IWMO_IJW_NOT_A_NUMBER';

/**
 * The XML does not have the shape of the named message type. After XSD validation this means the caller
 * named the wrong type. Messages name element paths only, never values (a value may be a BSN).
 */
export class IwmoIjwModelError extends Error {
  constructor(readonly code: ModelErrorCode, message: string, readonly path?: string) {
    super(message);
    this.name = 'IwmoIjwModelError';
  }
}
