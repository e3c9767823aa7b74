import { AuditLog } from '../audit/index.ts';
import type { Feature } from '../feature.ts';
import type { CockpitApi } from './api.ts';
import { registerCertificateExpiry } from './certificate-metric.ts';
import { cockpitMigrations } from './migrations.ts';
import { ReplayJobs } from './replay-jobs.ts';
import { Replayer } from './replayer.ts';
import { opsRoutes } from './routes/plugin.ts';
import type { CockpitTables } from './tables.ts';
import { cockpitWebRoutes } from './web/routes.ts';

/**
 * The operator cockpit: the operator API under /v1/ops (docs/cockpit-api.md) and the web cockpit under
 * /cockpit, both on the mTLS server for partners with the operator role. Needs auditFeature (its audit_log).
 */
export const cockpitFeature: Feature = {
  name: 'cockpit',
  migrations: cockpitMigrations,
  setup(ctx) {
    const db = ctx.store.tables<CockpitTables>();
    registerCertificateExpiry(ctx.metrics.registry, ctx.partners, ctx.settings);
    const logger = ctx.logger;
    const replayer = new Replayer({ store: ctx.store, db, broker: ctx.broker, ingest: ctx.ingest, partners: ctx.partners, logger });
    const jobs = new ReplayJobs(db, replayer, ctx.settings.replay, logger);
    const api: CockpitApi = {
      store: ctx.store, db, broker: ctx.broker, ingest: ctx.ingest, partners: ctx.partners, settings: ctx.settings,
      audit: new AuditLog(ctx.store), replayer, jobs, logger,
    };
    return {
      async gatewayRoutes(app) {
        await app.register(opsRoutes(api));
        await app.register(cockpitWebRoutes);
      },
      stop: () => jobs.stop(),
    };
  },
};
