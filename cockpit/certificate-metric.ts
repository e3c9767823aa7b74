import { Gauge, type Registry } from 'prom-client';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Settings } from '../config/settings.ts';
import { certificateViews, partnerCertificates } from './partner-health.ts';

/**
 * kp_certificate_expiry_timestamp_seconds{partner, use}: notAfter of every certificate the gateway relies on
 * (each partner's client CA and server CA, the gateway's own server and client certificate), read from the
 * files at scrape time, so a renewed file shows without a restart. The alert rules warn 30 days ahead.
 */
export function registerCertificateExpiry(registry: Registry, partners: PartnerRegistry, settings: Pick<Settings, 'tls' | 'clientIdentity'>): void {
  new Gauge({
    name: 'kp_certificate_expiry_timestamp_seconds',
    help: 'notAfter of each certificate the gateway relies on, in Unix seconds',
    labelNames: ['partner', 'use'],
    registers: [registry],
    collect() {
      this.reset();
      const views = [
        ...partners.partners.flatMap((p) => partnerCertificates(p).map((v) => ({ partner: p.name, v }))),
        ...certificateViews('gateway-server', settings.tls.certFile).map((v) => ({ partner: 'ketenpoort', v })),
        ...certificateViews('gateway-client', settings.clientIdentity.certFile).map((v) => ({ partner: 'ketenpoort', v })),
      ];
      // A file with a chain has several certificates: the soonest to expire is the one that matters.
      const soonest = new Map<string, { partner: string; use: string; at: number }>();
      for (const { partner, v } of views) {
        if (v.notAfter === null) continue;
        const key = `${partner}|${v.use}`;
        const at = Date.parse(v.notAfter) / 1000;
        const seen = soonest.get(key);
        if (!seen || at < seen.at) soonest.set(key, { partner, use: v.use, at });
      }
      for (const s of soonest.values()) this.set({ partner: s.partner, use: s.use }, s.at);
    },
  });
}
