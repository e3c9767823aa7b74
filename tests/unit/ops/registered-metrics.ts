import { registerCertificateExpiry } from '../../../cockpit/certificate-metric.ts';
import { parsePartners } from '../../../config/partners.ts';
import { createMetrics } from '../../../observability/metrics.ts';

/** Every series name the gateway exports: the registry's metrics, histograms with their _bucket/_sum/_count. */
export async function registeredMetricNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  // The cockpit feature adds the certificate-expiry gauge to the same registry.
  registerCertificateExpiry(metrics.registry, parsePartners('partners: [{ name: p, oin: "00000001000000000001", role: operator, ca: ca.crt }]', 'x.yaml'), {
    tls: { certFile: 'missing.crt', keyFile: 'missing.key' }, clientIdentity: { certFile: 'missing.crt', keyFile: 'missing.key' },
  });
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
  }
  return names;
}

export const metricNamesIn = (expr: string): string[] => [...new Set(expr.match(/\bkp_[a-z0-9_]+\b/g) ?? [])];
