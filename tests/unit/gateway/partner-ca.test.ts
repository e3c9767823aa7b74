import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, connect, type TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ensureDevCerts } from '../../../certs-dev/generate.ts';
import { parsePartners } from '../../../config/partners.ts';
import { oinFromCertificate } from '../../../gateway/identity.ts';
import { partnerCaCheck } from '../../../gateway/partner-cas.ts';

// Two partners with two CAs, both trusted by the handshake. The rogue client certificate is
// issued by the second CA but claims gemeente-0384's OIN: it must not count as gemeente-0384.
describe('a partner is recognised only with a certificate from its own CA', () => {
  it('accepts the OIN from the partner CA and refuses the same OIN from another configured CA', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-ca-'));
    const certs = await ensureDevCerts({ outDir: dir, partners: [{ name: 'gemeente-0384', oin: '00000001000000384000' }] });
    const registry = parsePartners(`partners:
  - name: gemeente-0384
    oin: "00000001000000384000"
    role: gemeente
    ca: ${certs.caCert}
    identifiers: { gemeentecode: ["0384"] }
    messageTypes: [WMO301]
  - name: ketenpartner-x
    oin: "00000001000000999000"
    role: ketenpartner
    ca: ${certs.rogueCaCert}
    messageTypes: [WMO301]
`, path.join(dir, 'partners.yaml'));
    const check = partnerCaCheck(registry);
    const server = createServer({
      key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert),
      ca: [readFileSync(certs.caCert), readFileSync(certs.rogueCaCert)], requestCert: true, rejectUnauthorized: true,
    });
    const verdicts: Array<{ oin: string | undefined; accepted: boolean }> = [];
    server.on('secureConnection', (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate(true);
      const oin = oinFromCertificate(peer);
      const partner = oin ? registry.byOin(oin) : undefined;
      verdicts.push({ oin, accepted: Boolean(partner && check(partner, peer)) });
      socket.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dial = (cert: string, key: string) => new Promise<void>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(certs.caCert), cert: readFileSync(cert), key: readFileSync(key) });
      s.on('error', reject);
      s.on('close', () => resolve());
      s.resume();
    });
    const own = certs.partner('gemeente-0384');
    await dial(own.cert, own.key);
    await dial(certs.rogueClientCert, certs.rogueClientKey);
    server.close();
    expect(verdicts).toEqual([
      { oin: '00000001000000384000', accepted: true },
      { oin: '00000001000000384000', accepted: false },
    ]);
  });
});
