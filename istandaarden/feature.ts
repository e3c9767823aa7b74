import { siblingModule, type Feature } from '../feature.ts';
import { DeadlineMonitor } from './deadline-monitor.ts';
import { DeadlineTracker } from './deadline-tracker.ts';
import { IstandaardenJudge, istandaardenInspector } from './inspector.ts';
import { Level3Claims } from './level3.ts';
import { istandaardenMigrations } from './migrations.ts';
import { retourRoutes } from './retour-routes.ts';

/**
 * iWmo/iJw beyond the XSD: levels 2 and 3 with the retour routed back (or answered in a Du01), the level-3
 * register and the deadline rows written in each message's own transaction, retours built on a
 * municipality's request, and the deadline monitor.
 */
export const istandaardenFeature: Feature = {
  name: 'istandaarden',
  migrations: istandaardenMigrations,
  levels: siblingModule(import.meta.url, './levels'),
  setup(ctx) {
    const judge = new IstandaardenJudge();
    const tracker = new DeadlineTracker(ctx.store);
    const monitor = new DeadlineMonitor({ tracker, store: ctx.store, logger: ctx.logger, registry: ctx.metrics.registry }, ctx.settings.istandaarden.deadlineScanMs);
    return {
      inspector: istandaardenInspector(judge, new Level3Claims((bsn) => ctx.store.bsnHash(bsn)), tracker),
      gatewayRoutes: retourRoutes({ judge, store: ctx.store, ingest: ctx.ingest, partners: ctx.partners }),
      start: () => monitor.start(),
      stop: () => monitor.stop(),
    };
  },
};

export { DeadlineMonitor, DeadlineTracker, IstandaardenJudge };
