import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevCerts, type DevCertFiles } from '../../certs-dev/generate.ts';
import { loadPartners } from '../../config/partners.ts';

export const DEV_PARTNERS_FILE = path.resolve('config/partners.dev.yaml');

let certs: Promise<DevCertFiles> | undefined;

/** Development certificates for every dev partner, made once per test process in a temp dir. */
export function testCerts(): Promise<DevCertFiles> {
  certs ??= ensureDevCerts({
    outDir: mkdtempSync(path.join(os.tmpdir(), 'kp-certs-')),
    partners: loadPartners(DEV_PARTNERS_FILE).partners.map((p) => ({ name: p.name, oin: p.oin })),
  });
  return certs;
}
