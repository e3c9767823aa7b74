import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DetailedPeerCertificate } from 'node:tls';
import type { Partner, PartnerRegistry } from '../config/partners.ts';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** SHA-256 fingerprints of the CA certificates configured for each partner. */
export function partnerCaFingerprints(partners: PartnerRegistry): Map<string, ReadonlySet<string>> {
  const byFile = new Map<string, ReadonlySet<string>>();
  const result = new Map<string, ReadonlySet<string>>();
  for (const partner of partners.partners) {
    let prints = byFile.get(partner.caFile);
    if (!prints) {
      const pem = readFileSync(partner.caFile, 'utf8');
      prints = new Set((pem.match(PEM_BLOCK) ?? []).map((block) => new X509Certificate(block).fingerprint256));
      byFile.set(partner.caFile, prints);
    }
    result.set(partner.name, prints);
  }
  return result;
}

// The handshake accepts a certificate from any configured CA; a partner's OIN counts only when
// its verified chain runs through the CA configured for that partner, so one partner's CA cannot
// vouch for another partner's OIN (an intermediate or the root may be the configured one).
export function chainsTo(peer: DetailedPeerCertificate, fingerprints: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = peer; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    if (cert !== peer && fingerprints.has(cert.fingerprint256)) return true;
  }
  return false;
}

export type PartnerCheck = (partner: Partner, peer: DetailedPeerCertificate) => boolean;

export function partnerCaCheck(partners: PartnerRegistry): PartnerCheck {
  const prints = partnerCaFingerprints(partners);
  return (partner, peer) => chainsTo(peer, prints.get(partner.name) ?? new Set());
}
