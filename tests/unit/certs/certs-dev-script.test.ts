import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run certs:dev` reads the same partner file and writes to the same folder as the gateway does.
describe('npm run certs:dev', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-certs-script-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('honours KP_PARTNERS_FILE and KP_DEV_CERTS_DIR', () => {
    const partners = join(dir, 'partners.yaml');
    writeFileSync(partners, 'partners:\n  - name: alleen-deze\n    oin: "00000001234567890000"\n    role: operator\n    ca: ca.crt\n');
    const out = join(dir, 'out');
    execFileSync(process.execPath, ['--import', 'tsx', 'certs-dev/generate.ts'], {
      env: { ...process.env, KP_PARTNERS_FILE: partners, KP_DEV_CERTS_DIR: out },
      stdio: 'pipe',
    });
    const cert = new X509Certificate(readFileSync(join(out, 'alleen-deze.crt')));
    expect(cert.subject).toMatch(/serialNumber=00000001234567890000/);
    expect(existsSync(join(out, 'gemeente-0384.crt'))).toBe(false);
  });
});
