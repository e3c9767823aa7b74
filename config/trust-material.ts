// Reads the CA files that partners' configuration points at, once, at start.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configErrorFrom } from './config-error.ts';
import type { PartnerRegistry } from './partners.ts';

export interface TrustMaterial {
  /** Every partner's client CA file, each distinct content once: the `ca` option of the mTLS server. */
  clientCas: Buffer[];
  /** The CA file a partner's delivery endpoint must chain to; undefined for a partner without delivery. */
  serverCa(partner: string): Buffer | undefined;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Throws ConfigError (naming the partners file, the partner and `ca` or `delivery.serverCa`) for a missing, unreadable or non-PEM file. */
export function readTrustMaterial(registry: PartnerRegistry): TrustMaterial {
  const files = new Map<string, Buffer>();
  const read = (path: string, partner: string, field: string, mustBeCa: boolean): Buffer => {
    let content = files.get(path);
    if (content === undefined) {
      try {
        content = readFileSync(path);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        throw configErrorFrom(registry.file, [{ partner, field, detail: `cannot read ${path} (${reason})` }]);
      }
      files.set(path, content);
    }
    const problem = pemProblem(content, mustBeCa);
    if (problem !== undefined) throw configErrorFrom(registry.file, [{ partner, field, detail: `${path}: ${problem}` }]);
    return content;
  };

  const clientCas = new Map<string, Buffer>();
  const serverCas = new Map<string, Buffer>();
  for (const partner of registry.partners) {
    const ca = read(partner.caFile, partner.name, 'ca', true);
    clientCas.set(createHash('sha256').update(ca).digest('hex'), ca);
    if (partner.delivery !== undefined) {
      serverCas.set(partner.name, read(partner.delivery.serverCaFile, partner.name, 'delivery.serverCa', false));
    }
  }
  return { clientCas: [...clientCas.values()], serverCa: (name) => serverCas.get(name) };
}

function pemProblem(content: Buffer, mustBeCa: boolean): string | undefined {
  const blocks = content.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const [index, block] of blocks.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      return `certificate ${index + 1} of ${blocks.length} cannot be parsed`;
    }
    // A partner's leaf certificate put where its CA belongs is an easy mistake with confusing TLS errors.
    if (mustBeCa && !cert.ca) return `certificate ${index + 1} of ${blocks.length} is not a CA certificate (basicConstraints CA:TRUE)`;
  }
  return undefined;
}
