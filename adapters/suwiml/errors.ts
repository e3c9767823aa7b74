// Errors of the SuwiML codec: one base with a code, never a BSN, name or other value from a message in a message text.

export type SuwimlErrorCode =
  // building a request
  | 'dienst-onbekend' | 'bsn-ongeldig' | 'periode-ongeldig' | 'periode-niet-ondersteund' | 'request-xsd-invalid'
  // reading an answer
  | 'doctype-forbidden' | 'xml-malformed' | 'antwoord-onbekend' | 'soap-fault';

export class SuwimlError extends Error {
  constructor(readonly code: SuwimlErrorCode, message: string, readonly field?: string) {
    super(message);
    this.name = 'SuwimlError';
  }
}

/** The input cannot make a request: bad BSN (9 digits, 11-proef), bad period, unknown dienst, or (a bug) XSD-invalid XML. */
export class SuwimlRequestError extends SuwimlError {
  constructor(code: Extract<SuwimlErrorCode, 'dienst-onbekend' | 'bsn-ongeldig' | 'periode-ongeldig' | 'periode-niet-ondersteund' | 'request-xsd-invalid'>, message: string, field?: string, readonly issues: string[] = []) {
    super(code, message, field);
    this.name = 'SuwimlRequestError';
  }
}

/** The answer cannot be read at all (as opposed to a lenient finding, which is a warning in the answer). */
export class SuwimlResponseError extends SuwimlError {
  constructor(code: Extract<SuwimlErrorCode, 'doctype-forbidden' | 'xml-malformed' | 'antwoord-onbekend' | 'soap-fault'>, message: string) {
    super(code, message);
    this.name = 'SuwimlResponseError';
  }
}
