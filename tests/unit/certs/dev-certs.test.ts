import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import forge from 'node-forge';
import { join } from 'node:path';
import { ensureDevCerts, DevCertError, GATEWAY_OIN, STRANGER_OIN, SUWINET_OIN, type DevCertFiles } from '../../../certs-dev/generate.ts';

const PARTNERS = [
  { name: 'gemeente-0384', oin: '00000001000000384000' },
  { name: 'gemeente-0363', oin: '00000001000000363000' },
  { name: 'aanbieder-42420001', oin: '00000003424200010000' },
  { name: 'aanbieder-65656055', oin: '00000003656560550000' },
  { name: 'operator', oin: '00000001000000000099' },
  { name: 'ketenpartner-svb', oin: '00000001000000000123' },
];

const x509 = (file: string): X509Certificate => new X509Certificate(readFileSync(file));
const subjectField = (cert: X509Certificate, key: string): string[] =>
  cert.subject.split('\n').filter((line) => line.startsWith(`${key}=`)).map((line) => line.slice(key.length + 1));

/** name → mtime and content, to prove a second run touched nothing. */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, `${statSync(join(dir, name)).mtimeMs}:${readFileSync(join(dir, name), 'utf8')}`]));
}

// Key generation shares two cores with other test runs: the wall-time limits are generous guards only (a
// loaded machine took 23 s here); whether generation is fast is judged on CPU time below.
describe('ensureDevCerts', { timeout: 120_000 }, () => {
  let dir = '';
  let files: DevCertFiles;
  let freshMs = 0;
  let freshCpuMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kp-certs-'));
    const started = performance.now();
    const cpu = process.cpuUsage();
    files = await ensureDevCerts({ outDir: join(dir, 'out'), partners: PARTNERS });
    const used = process.cpuUsage(cpu);
    freshCpuMs = (used.user + used.system) / 1000;
    freshMs = performance.now() - started;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates every file, fast, with keys readable only by the owner', () => {
    const expected = [
      'ca.crt', 'ca.key', 'server.crt', 'server.key', 'gateway-client.crt', 'gateway-client.key',
      ...PARTNERS.flatMap((p) => [`${p.name}.crt`, `${p.name}.key`]),
      'rogue-ca.crt', 'rogue-client.crt', 'rogue-client.key', 'stranger.crt', 'stranger.key', 'suwinet.crt', 'suwinet.key',
    ];
    expect(readdirSync(files.dir).sort()).toEqual(expected.sort());
    expect(files.created.map((f) => f.slice(files.dir.length + 1)).sort()).toEqual(expected.sort());
    for (const name of expected.filter((n) => n.endsWith('.key'))) {
      expect(statSync(join(files.dir, name)).mode & 0o777, name).toBe(0o600);
    }
    console.log(`fresh generation for ${PARTNERS.length} partners: ${freshCpuMs.toFixed(0)} ms CPU, ${freshMs.toFixed(0)} ms wall`);
    // "Fast" is judged on CPU time (every thread of this process, the key-generating thread pool included), which
    // a machine shared with other runs does not inflate as it does wall time (17.8 s was seen under load).
    // Native key generation took 4–6 s of CPU for these 16 keys on the loaded test machine (about 2 s when
    // quiet); pure-JS generation takes several seconds per 2048-bit key, far over the limit.
    expect(freshCpuMs).toBeLessThan(20_000);
  });

  it('issues every leaf from the dev CA, with the OIN in the subject serialNumber and the matching key', () => {
    const ca = x509(files.caCert);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    const leaves: Array<[string, string, string]> = [
      [files.serverCert, files.serverKey, GATEWAY_OIN],
      [files.gatewayClientCert, files.gatewayClientKey, GATEWAY_OIN],
      [files.strangerCert, files.strangerKey, STRANGER_OIN],
      [files.suwinetCert, files.suwinetKey, SUWINET_OIN],
      ...PARTNERS.map((p): [string, string, string] => [files.partner(p.name).cert, files.partner(p.name).key, p.oin]),
    ];
    for (const [certFile, keyFile, oin] of leaves) {
      const cert = x509(certFile);
      expect(cert.verify(ca.publicKey), certFile).toBe(true);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(subjectField(cert, 'serialNumber')).toEqual([oin]);
      expect(subjectField(cert, 'O')).toEqual(['Ketenpoort development']);
      expect(subjectField(cert, 'C')).toEqual(['NL']);
      expect(cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))).toBe(true);
      expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const validDays = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
      expect(validDays).toBeGreaterThan(725);
      expect(validDays).toBeLessThan(732);
    }
    expect(subjectField(x509(files.partner('operator').cert), 'CN')).toEqual(['operator']);
  });

  it('gives the server certificate localhost names and serverAuth, and client certificates clientAuth', () => {
    const server = x509(files.serverCert);
    expect(subjectField(server, 'CN')).toEqual(['localhost']);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x509(files.gatewayClientCert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(x509(files.suwinetCert).checkHost('localhost')).toBe('localhost');
    expect(x509(files.suwinetCert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(x509(files.partner('gemeente-0384').cert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('uses SHA-256 signatures and distinct random serial numbers', () => {
    const certFiles = readdirSync(files.dir).filter((n) => n.endsWith('.crt')).map((n) => join(files.dir, n));
    const serials = new Set(certFiles.map((f) => x509(f).serialNumber));
    expect(serials.size).toBe(certFiles.length);
    for (const f of certFiles) {
      const cert = forge.pki.certificateFromPem(readFileSync(f, 'utf8'));
      expect(cert.siginfo.algorithmOid, f).toBe(forge.pki.oids['sha256WithRSAEncryption']);
      expect(cert.serialNumber).toMatch(/^[0-7][0-9a-f]{31}$/);
    }
  });

  it('issues the rogue client from another CA, so it does not verify against the dev CA', () => {
    const rogue = x509(files.rogueClientCert);
    expect(rogue.verify(x509(files.caCert).publicKey)).toBe(false);
    expect(rogue.checkIssued(x509(files.caCert))).toBe(false);
    expect(rogue.verify(x509(files.rogueCaCert).publicKey)).toBe(true);
    expect(subjectField(rogue, 'serialNumber')[0]).toMatch(/^\d{20}$/);
  });

  it('changes no file on a second run; a partner added later gets its certificate from the same CA', async () => {
    const before = snapshot(files.dir);
    const again = await ensureDevCerts({ outDir: files.dir, partners: PARTNERS });
    expect(again.created).toEqual([]);
    expect(snapshot(files.dir)).toEqual(before);

    const added = await ensureDevCerts({ outDir: files.dir, partners: [...PARTNERS, { name: 'aanbieder-12345678', oin: '00000003123456780000' }] });
    expect(added.created.map((f) => f.slice(files.dir.length + 1)).sort()).toEqual(['aanbieder-12345678.crt', 'aanbieder-12345678.key']);
    const after = snapshot(files.dir);
    for (const [name, state] of before) expect(after.get(name), name).toBe(state);
    expect(x509(added.partner('aanbieder-12345678').cert).verify(x509(files.caCert).publicKey)).toBe(true);
  });

  it('reissues a partner certificate whose OIN changed in the configuration', async () => {
    const changed = PARTNERS.map((p) => (p.name === 'operator' ? { ...p, oin: '00000001000000000098' } : p));
    const result = await ensureDevCerts({ outDir: files.dir, partners: changed });
    expect(result.created.map((f) => f.slice(files.dir.length + 1)).sort()).toEqual(['operator.crt', 'operator.key']);
    expect(subjectField(x509(result.partner('operator').cert), 'serialNumber')).toEqual(['00000001000000000098']);
  });

  it('regenerates everything when the CA is missing, and on force', async () => {
    const oldCa = readFileSync(files.caCert, 'utf8');
    rmSync(files.caKey);
    const rebuilt = await ensureDevCerts({ outDir: files.dir, partners: PARTNERS });
    expect(rebuilt.created.length).toBe(2 * (PARTNERS.length + 6) + 1);
    const newCa = x509(files.caCert);
    expect(newCa.toString()).not.toBe(oldCa);
    expect(x509(files.partner('gemeente-0384').cert).verify(newCa.publicKey)).toBe(true);

    const forced = await ensureDevCerts({ outDir: files.dir, partners: PARTNERS, force: true });
    expect(forced.created.length).toBe(rebuilt.created.length);
    expect(readFileSync(files.caCert, 'utf8')).not.toBe(newCa.toString());
  });

  it('two concurrent runs on one directory agree on one CA', async () => {
    const shared = join(dir, 'concurrent');
    const [a, b] = await Promise.all([
      ensureDevCerts({ outDir: shared, partners: PARTNERS.slice(0, 2) }),
      ensureDevCerts({ outDir: shared, partners: PARTNERS.slice(0, 2) }),
    ]);
    expect(a.created.length + b.created.length).toBe(2 * (2 + 6) + 1);
    const ca = x509(a.caCert);
    expect(x509(b.partner('gemeente-0363').cert).verify(ca.publicKey)).toBe(true);
    expect(readdirSync(shared).some((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toBe(false);
  });

  it('refuses names that are unsafe as file names or clash with fixed files', async () => {
    await expect(ensureDevCerts({ outDir: join(dir, 'bad'), partners: [{ name: '../etc', oin: '00000001000000000001' }] })).rejects.toBeInstanceOf(DevCertError);
    await expect(ensureDevCerts({ outDir: join(dir, 'bad'), partners: [{ name: 'server', oin: '00000001000000000001' }] })).rejects.toThrow(/reserved/);
    await expect(ensureDevCerts({ outDir: join(dir, 'bad'), partners: [{ name: 'x', oin: '123' }] })).rejects.toThrow(/20 digits/);
    expect(() => files.partner('nobody')).toThrow(DevCertError);
  });
});
