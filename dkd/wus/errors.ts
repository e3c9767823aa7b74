// Why a WUS exchange failed, as a stable code. `retryable` is true only for what another attempt of the
// same idempotent read can mend (no answer, a timeout, an overloaded or failing server).
export type WusFailureCode =
  | 'timeout'             // no (complete) answer within the attempt's timeout
  | 'connect'             // connection or TLS handshake failed
  | 'http'                // an HTTP status without a SOAP answer (5xx retryable, 4xx not)
  | 'breaker-open'        // the dienst's circuit breaker is open: nothing was sent
  | 'not-configured'      // no endpoint for this dienst
  | 'malformed'           // the answer is no SOAP 1.1 envelope we can read
  | 'unsigned'            // WB013: no signature
  | 'signature-invalid'   // the signature or a digest does not verify (tampered)
  | 'untrusted-signer'    // the signing certificate does not chain to the trust, or its OIN is not trusted
  | 'signature-coverage'  // Body, Timestamp or an addressing header is not covered, or referenced twice (wrapping)
  | 'timestamp'           // WB002: Created missing or in the future, or Expires passed
  | 'signature-confirmation' // WB014: no, an unsigned or a wrong SignatureConfirmation
  | 'addressing'          // RelatesTo/Action do not belong to our request
  | 'aborted';            // the caller gave up (a klantbeeld's deadline)

export class WusError extends Error {
  override readonly name = 'WusError';
  constructor(readonly code: WusFailureCode, message: string, readonly retryable = false, readonly status?: number) {
    super(message);
  }

  /** A security failure of the answer: it was received, but must not be read. */
  get untrustworthy(): boolean {
    return ['unsigned', 'signature-invalid', 'untrusted-signer', 'signature-coverage', 'timestamp', 'signature-confirmation', 'addressing'].includes(this.code);
  }
}
