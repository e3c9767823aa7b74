import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePartners } from '../../../config/partners.ts';
import { settingsFromEnv } from '../../../config/settings.ts';
import { firstStartSummary } from '../../../observability/first-start-summary.ts';

describe('the first start summary', () => {
  const server = net.createServer((s) => s.destroy());
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the URLs, the certificates and keys, the first curl, and only the partners nobody listens for', async () => {
    const partners = parsePartners(`partners:
  - { name: luistert, oin: "00000001000000000001", role: aanbieder, ca: ca.crt, messageTypes: [WMO302], delivery: { url: "https://127.0.0.1:${port}/in", serverCa: ca.crt } }
  - { name: stil, oin: "00000001000000000002", role: aanbieder, ca: ca.crt, messageTypes: [WMO302], delivery: { url: "https://127.0.0.1:1/in", serverCa: ca.crt } }
`, '/tmp/p.yaml');
    const settings = settingsFromEnv({ KP_PORT: '8443' }, '/srv/kp');
    const text = await firstStartSummary({ settings, partners, made: ['/srv/kp/certs-dev/out/ca.crt'] });
    expect(text).toMatch(/https:\/\/localhost:8443 \(mutual TLS\)/);
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:9464\/readyz/);
    expect(text).toMatch(/Made on this first start: development certificates in .*certs-dev\/out\/ and keys in .*data\/dev-secrets\.env/);
    expect(text).toMatch(/curl --cert .*gemeente-0384\.crt/);
    expect(text).toMatch(/No endpoint listens for stil:/);
    expect(text).not.toMatch(/luistert/);
  });
});
