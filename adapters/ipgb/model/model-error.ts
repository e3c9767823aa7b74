export type IpgbModelErrorCode = 'IPGB_MISSING_ELEMENT' | 'IPGB_NOT_A_NUMBER' | 'IPGB_TYPE_MISMATCH' | 'IPGB_NOT_A_BERICHT';

/**
 * The XML does not have the shape of the named iPgb message. After XSD validation against the bundled set this
 * cannot happen; with another schema set it means that set differs from the model. Messages name element paths
 * only, never values.
 */
export class IpgbModelError extends Error {
  constructor(readonly code: IpgbModelErrorCode, message: string, readonly path?: string) {
    super(message);
    this.name = 'IpgbModelError';
  }
}
