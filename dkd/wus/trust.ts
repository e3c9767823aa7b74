// WB013: whose signature the gateway accepts on an answer. A signing certificate must chain, through the
// configured bundle (PKIoverheid Private Root and its intermediates in production; the dev CA in
// development), to a self-signed root in that bundle, be valid now, and carry one of the configured OINs in
// its subject serialNumber. Chaining alone is not enough: every PKIoverheid certificate chains to the root.
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_CHAIN = 6;

export function oinOf(cert: X509Certificate): string | undefined {
  return /(?:^|\n)serialNumber=(\d{20})(?:\n|$)/.exec(cert.subject)?.[1];
}

export type TrustVerdict = { ok: true; oin: string } | { ok: false; reason: string };

export class SignerTrust {
  private readonly bundle: X509Certificate[];

  constructor(bundlePem: string | Buffer, readonly oins: ReadonlySet<string>) {
    this.bundle = (bundlePem.toString().match(PEM_CERTIFICATE) ?? []).map((pem) => new X509Certificate(pem));
    if (this.bundle.length === 0) throw new Error('the trust bundle holds no PEM certificate');
  }

  check(cert: X509Certificate, now = new Date()): TrustVerdict {
    if (!validAt(cert, now)) return { ok: false, reason: 'the signing certificate is not valid now' };
    if (cert.ca) return { ok: false, reason: 'the signing certificate is a CA certificate' };
    const oin = oinOf(cert);
    if (oin === undefined || !this.oins.has(oin)) return { ok: false, reason: 'the signing certificate\'s OIN is not trusted for answers' };
    let current = cert;
    for (let depth = 0; depth < MAX_CHAIN; depth++) {
      const issuer = this.bundle.find((ca) => ca.ca && current.checkIssued(ca) && current.verify(ca.publicKey));
      if (issuer === undefined) return { ok: false, reason: 'the signing certificate does not chain to the trust bundle' };
      if (!validAt(issuer, now)) return { ok: false, reason: 'a certificate of the chain is not valid now' };
      if (issuer.checkIssued(issuer) && issuer.verify(issuer.publicKey)) return { ok: true, oin };
      current = issuer;
    }
    return { ok: false, reason: 'the chain is too long' };
  }
}

function validAt(cert: X509Certificate, now: Date): boolean {
  return Date.parse(cert.validFrom) <= now.getTime() && now.getTime() <= Date.parse(cert.validTo);
}
