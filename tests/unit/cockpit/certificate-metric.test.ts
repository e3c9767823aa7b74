import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerCertificateExpiry } from '../../../cockpit/certificate-metric.ts';
import { parsePartners } from '../../../config/partners.ts';
import { testCerts } from '../../support/certs.ts';

describe('kp_certificate_expiry_timestamp_seconds', () => {
  it("reports each partner's CA and the gateway's own certificates by notAfter, read at scrape time", async () => {
    const certs = await testCerts();
    const partners = parsePartners(
      `partners:\n  - name: aanbieder-x\n    oin: "00000003424200010000"\n    role: aanbieder\n    ca: ${certs.caCert}\n    messageTypes: [WMO302]\n` +
      `    delivery: { url: "https://localhost:1/x", serverCa: ${certs.caCert} }\n  - name: broken\n    oin: "00000001000000000001"\n    role: operator\n    ca: /nonexistent/ca.crt\n`,
      'x.yaml',
    );
    const registry = new Registry();
    registerCertificateExpiry(registry, partners, { tls: { certFile: certs.serverCert, keyFile: certs.serverKey }, clientIdentity: { certFile: certs.gatewayClientCert, keyFile: certs.gatewayClientKey } });
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'kp_certificate_expiry_timestamp_seconds')!;
    const values = new Map(metric.values.map((v) => [`${v.labels.partner}/${v.labels.use}`, v.value]));
    const notAfter = (file: string) => Date.parse(new X509Certificate(readFileSync(file)).validTo) / 1000;
    expect(values.get('aanbieder-x/client-ca')).toBe(notAfter(certs.caCert));
    expect(values.get('aanbieder-x/server-ca')).toBe(notAfter(certs.caCert));
    expect(values.get('ketenpoort/gateway-server')).toBe(notAfter(certs.serverCert));
    expect(values.get('ketenpoort/gateway-client')).toBe(notAfter(certs.gatewayClientCert));
    // An unreadable file gives no series (the cockpit shows it as unreadable) rather than a false date.
    expect([...values.keys()].some((k) => k.startsWith('broken/'))).toBe(false);
  });
});
