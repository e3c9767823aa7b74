import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCertificates } from '../../../cockpit/certificates.ts';
import { certificateViews } from '../../../cockpit/partner-health.ts';
import { testCerts } from '../../support/certs.ts';

describe('certificate expiry', () => {
  it('reads every certificate of a PEM file with the days left', async () => {
    const certs = await testCerts();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-cert-'));
    const bundle = path.join(dir, 'bundle.pem');
    writeFileSync(bundle, readFileSync(certs.caCert, 'utf8') + readFileSync(certs.serverCert, 'utf8'));
    const read = readCertificates(bundle);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.certificates).toHaveLength(2);
    // Dev CA: 10 years, leaves: 2 years.
    expect(read.certificates[0]!.daysLeft).toBeGreaterThan(3000);
    expect(read.certificates[1]!.daysLeft).toBeGreaterThan(600);
    expect(read.certificates[1]!.daysLeft).toBeLessThanOrEqual(730);
    expect(read.certificates.every((c) => !c.expiresSoon)).toBe(true);
    // Seen from 20 days before the leaf expires, it warns.
    const late = readCertificates(bundle, read.certificates[1]!.notAfter.getTime() - 20 * 86_400_000);
    expect(late.ok && late.certificates[1]).toMatchObject({ daysLeft: 20, expiresSoon: true });
  });

  it('says what is wrong with a file instead of throwing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-cert-'));
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    expect(readCertificates(junk)).toEqual({ ok: false, file: junk, error: 'no PEM certificate in the file' });
    expect(certificateViews('client-ca', path.join(dir, 'missing.pem'))[0]).toMatchObject({ use: 'client-ca', error: 'cannot read: ENOENT', daysLeft: null });
  });
});
