// Who is calling: the OIN in the subject serialNumber (OID 2.5.4.5) of the verified TLS client
// certificate, the Digikoppeling / PKIoverheid convention. Node names that attribute `serialNumber`
// (checked in tests/unit/gateway/identity.test.ts) and gives an array when the subject repeats it.
import type { PeerCertificate } from 'node:tls';

const OIN = /^\d{20}$/;

/**
 * The subject serialNumber if it is exactly 20 digits; otherwise undefined. A subject with several
 * serialNumber values yields an OIN only if they are all the same: an ambiguous identity is no identity.
 * Call only on a certificate whose chain was verified (socket.authorized).
 */
export function oinFromCertificate(cert: PeerCertificate | undefined): string | undefined {
  // getPeerCertificate() returns {} when the peer sent no certificate.
  const value: unknown = cert?.subject?.serialNumber;
  const values: unknown[] = Array.isArray(value) ? value : [value];
  const [first] = values;
  if (typeof first !== 'string' || !OIN.test(first)) return undefined;
  return values.every((v) => v === first) ? first : undefined;
}
