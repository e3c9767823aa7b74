// Digitaal Klantdossier: Suwinet-Inlezen lookups (SuwiML over Digikoppeling WUS, signed both ways) for a
// municipality's systems behind a JSON API, bound to doelbinding per partner and dienst, every lookup
// protocolled in the audit log, and the klantbeeld: one merged view from every source the caller may ask.
// Needs auditFeature (its audit_log). Settings: KP_DKD_FILE (dkd/settings.ts); unset = no dienst configured.
import { X509Certificate } from 'node:crypto';
import { AuditLog } from '../audit/index.ts';
import type { Feature } from '../feature.ts';
import { dkdRoutes } from './api/routes.ts';
import { ALL_DIENSTEN } from './diensten.ts';
import { DkdLookups } from './lookup.ts';
import { createDkdMetrics } from './metrics.ts';
import { dkdOpsRoutes } from './ops-routes.ts';
import { loadDkdSettings, type DkdSettings } from './settings.ts';
import { WusClient } from './wus/client.ts';
import { oinOf, SignerTrust } from './wus/trust.ts';

export const dkdFeature: Feature = {
  name: 'dkd',
  setup(ctx) {
    const logger = ctx.logger;
    const file = ctx.settings.dkd.file;
    const settings: DkdSettings | undefined = file ? loadDkdSettings(file) : undefined;
    if (!settings) logger.warn('KP_DKD_FILE is not set: no Digitaal Klantdossier dienst is configured; lookups are answered 503');
    const gatewayOin = oinOf(new X509Certificate(ctx.clientIdentity.cert)) ?? '00000000000000000000';

    let client: WusClient | undefined;
    const breakerStates = () => (client && settings ? client.breakerStates(settings.diensten.keys()) : {});
    const metrics = createDkdMetrics(ctx.metrics.registry, breakerStates);
    if (settings) {
      client = new WusClient({
        identity: ctx.clientIdentity,
        gatewayOin,
        from: settings.from,
        serverCa: settings.serverCa,
        ...(settings.serverName ? { serverName: settings.serverName } : {}),
        trust: new SignerTrust(settings.trustCa, settings.trustOins),
        breaker: settings.breaker,
        observe: {
          attempt: (dienst, result) => metrics.attempts.inc({ dienst, result }),
          crypto: (op, seconds, cpuSeconds) => {
            metrics.cryptoSeconds.observe({ op }, seconds);
            metrics.cryptoCpuSeconds.inc({ op }, cpuSeconds);
          },
        },
      });
    }
    const audit = new AuditLog(ctx.store);
    const bsnHash = (bsn: string) => ctx.store.bsnHash(bsn);
    const lookups = new DkdLookups({ diensten: settings?.diensten ?? new Map(), client, audit, bsnHash, metrics, logger });
    const services = () => Object.fromEntries(ALL_DIENSTEN.map((d) => {
      const endpoint = settings?.diensten.get(d);
      return [d, { url: endpoint?.url ?? null, breaker: endpoint && client ? client.breaker(d).state : 'not-configured' }];
    }));

    return {
      async gatewayRoutes(app) {
        await app.register(dkdRoutes({ lookups, klantbeeldTimeoutMs: settings?.klantbeeldTimeoutMs ?? 10_000 }));
        await app.register(dkdOpsRoutes({ audit, bsnHash, services }));
      },
      // Informational: an open DKD breaker says a remote source is failing, which taking this instance out of
      // a load balancer would not mend, and it must not stop iWmo/iJw or BRP traffic (docs/decisions/0003).
      readiness: () => ({ dkd: Object.fromEntries(Object.entries(services()).map(([d, s]) => [d, s.breaker])) }),
      stop: async () => { await client?.close(); },
    };
  },
};
