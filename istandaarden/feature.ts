import { parseIwmoIjw } from '../adapters/iwmo-ijw/model/index.ts';
import { expectedAnswers } from '../deadlines/index.ts';
import type { Feature } from '../feature.ts';
import type { IngestListener } from '../ingest/accept.ts';
import { DeadlineMonitor } from './deadline-monitor.ts';
import { DeadlineTracker } from './deadline-tracker.ts';
import { IstandaardenJudge, istandaardenInspector } from './inspector.ts';
import { istandaardenMigrations } from './migrations.ts';
import { Level3Register } from './register.ts';
import { retourRoutes } from './retour-routes.ts';

const ANSWER_NUMMERS = new Set(['301', '302', '306', '308', '316', '318', '319', '320', '325']);

/**
 * iWmo/iJw beyond the XSD: levels 2 and 3 with the retour routed back (or answered in a Du01), the
 * register the level-3 rules read, retours built on a municipality's request, and the deadline monitor.
 */
export const istandaardenFeature: Feature = {
  name: 'istandaarden',
  migrations: istandaardenMigrations,
  setup(ctx) {
    const judge = new IstandaardenJudge(new Level3Register(ctx.store));
    const tracker = new DeadlineTracker(ctx.store);
    const monitor = new DeadlineMonitor({ tracker, store: ctx.store, logger: ctx.logger, registry: ctx.metrics.registry }, Number(ctx.env.KP_DEADLINE_SCAN_MS ?? 60_000));
    const listener: IngestListener = {
      families: ['iwmo', 'ijw'],
      async accepted({ message, meta, payload }) {
        const model = judge.models.get(payload) ?? parseIwmoIjw(payload, message.type);
        if (expectedAnswers(model.type).length > 0) await tracker.heenAccepted(meta.id, model, meta.receivedAt, message.envelope !== undefined);
        if (ANSWER_NUMMERS.has(model.nummer)) await tracker.answerAccepted(meta.id, model, meta.receivedAt);
      },
    };
    return {
      inspector: istandaardenInspector(judge),
      listener,
      gatewayRoutes: retourRoutes({ judge, store: ctx.store, ingest: ctx.ingest, partners: ctx.partners }),
      start: () => monitor.start(),
      stop: () => monitor.stop(),
    };
  },
};

export { DeadlineMonitor, DeadlineTracker, IstandaardenJudge };
