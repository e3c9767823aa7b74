// Certificate expiry of the files a partner configuration points at (PEM, one or more certificates per file).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const EXPIRY_WARNING_DAYS = 30;

export interface CertificateInfo {
  file: string;
  subject: string;
  notAfter: Date;
  daysLeft: number;
  expiresSoon: boolean;
}

export type CertificateRead = { ok: true; certificates: CertificateInfo[] } | { ok: false; file: string; error: string };

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function readCertificates(file: string, now = Date.now()): CertificateRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, file, error: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const blocks = text.match(PEM) ?? [];
  if (blocks.length === 0) return { ok: false, file, error: 'no PEM certificate in the file' };
  try {
    return {
      ok: true,
      certificates: blocks.map((pem) => {
        const cert = new X509Certificate(pem);
        const notAfter = new Date(cert.validTo);
        const daysLeft = Math.floor((notAfter.getTime() - now) / 86_400_000);
        return { file, subject: cert.subject.replace(/\n/g, ', '), notAfter, daysLeft, expiresSoon: daysLeft < EXPIRY_WARNING_DAYS };
      }),
    };
  } catch (err) {
    return { ok: false, file, error: `not a valid certificate: ${(err as Error).message}` };
  }
}
