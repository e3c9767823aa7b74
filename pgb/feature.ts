// SVB PGB trekkingsrecht beyond the messages: the budget ledger, the uitval worklist that PGB administrators
// reconcile (uitvallijst import, diagnoses, status), BRP events on budgethouders, deadlines, the /v1/pgb API.
// README "PGB" and pgb/README.md describe it; docs/decisions/0005 says why it is built so.
import { AuditLog } from '../audit/index.ts';
import { siblingModule, type Feature } from '../feature.ts';
import type { InternalSubscription } from '../subscriptions/internal.ts';
import { PgbLedger } from './apply.ts';
import { BudgethouderFollower, PGB_SUBSCRIPTION, pgbBrpConsumer } from './brp.ts';
import { PgbDeadlineMonitor } from './deadline-monitor.ts';
import { pgbMigrations } from './migrations.ts';
import { pgbRoutes } from './routes.ts';
import { pgbSettings, type PgbSettings } from './settings.ts';
import { loadLayouts } from './uitvallijst/layout.ts';
import { Worklist } from './worklist.ts';
import { ConfigError } from '../config/config-error.ts';
import { IPGB_FAMILY } from '../adapters/ipgb/index.ts';
import type { AcceptedMessage } from '../adapters/types.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import { SettingsError } from '../config/settings.ts';
import type { LocalRoute } from '../ingest/accept.ts';
import { pgbInspector } from './inspector.ts';

/** iPgb messages whose municipality is the sender (TKB 501, retour 508) go to the SVB, which no header names. */
export const toSvb = (m: AcceptedMessage) => m.family === IPGB_FAMILY && /^(?:WMO|JW)50[18]$/.test(m.type);

/**
 * The route through the GGk (KP_PGB_VIA_GGK): a TKB or 508 from one of those municipalities goes to the GGk
 * partner, whose delivery wraps it in a StUF-GGk Di01 for the SVB (mappings/outbound.ts). Undefined when no
 * municipality's messages go that way.
 */
function ggkRoute(settings: PgbSettings, partners: PartnerRegistry): LocalRoute | undefined {
  if (settings.viaGgk.size === 0) return undefined;
  const ggk = partners.byName(settings.ggkPartner);
  if (ggk?.delivery?.envelope !== 'stuf-ggk') {
    throw new SettingsError('KP_PGB_VIA_GGK', `routes TKBs through the GGk, but partner ${settings.ggkPartner} (KP_PGB_GGK_PARTNER) has no delivery endpoint with envelope stuf-ggk`);
  }
  const all = settings.viaGgk.has('*');
  return { name: ggk.name, matches: (m) => toSvb(m) && (all || (m.sender !== undefined && settings.viaGgk.has(m.sender.code))) };
}

/** The ledger of each running gateway (by store), for the ingest wiring to come (see apply.ts). */
export const PGB_LEDGERS = new WeakMap<object, PgbLedger>();


export function createPgbFeature(opts: { subscription?: InternalSubscription } = {}): Feature {
  const subscription = opts.subscription ?? PGB_SUBSCRIPTION;
  return {
    name: 'pgb',
    migrations: pgbMigrations,
    // The iPgb adapter and level 2 run in the worker pool's threads.
    levels: siblingModule(import.meta.url, './levels'),
    setup(ctx) {
      const settings = pgbSettings(ctx.settings.pgb, ctx.partners);
      const layouts = loadLayouts(settings.layoutsDir);
      if (!layouts.has(settings.defaultLayout)) throw new ConfigError(`KP_PGB_DEFAULT_LAYOUT ${settings.defaultLayout} is not among the layouts in ${settings.layoutsDir}`, settings.layoutsDir);
      const logger = ctx.logger;
      const now = () => Date.now();
      const worklist = new Worklist(ctx.store, now);
      const follower = new BudgethouderFollower({ store: ctx.store, subscription, logger, now });
      const ledger = new PgbLedger({ store: ctx.store, follower });
      PGB_LEDGERS.set(ctx.store, ledger);
      const svb = ctx.partners.byName(settings.svbPartner);
      const ggk = ggkRoute(settings, ctx.partners);
      if (svb?.delivery) ctx.ingest.use({ localRoutes: [{ name: svb.name, matches: (m) => toSvb(m) && !ggk?.matches(m) }] });
      else logger.warn({ partner: settings.svbPartner }, 'no SVB partner with a delivery endpoint: TKBs (WMO501/JW501) cannot be routed (KP_PGB_SVB_PARTNER)');
      if (ggk) ctx.ingest.use({ localRoutes: [ggk] });
      const monitor = new PgbDeadlineMonitor({ store: ctx.store, worklist, logger, registry: ctx.metrics.registry }, settings.deadlineScanMs);
      let followTimer: NodeJS.Timeout | undefined;
      let following: Promise<unknown> = Promise.resolve();
      return {
        gatewayRoutes: pgbRoutes({
          store: ctx.store, worklist, audit: new AuditLog(ctx.store), layouts, maxListBytes: settings.maxListBytes,
          importDeps: { store: ctx.store, layouts, defaultLayout: settings.defaultLayout, eigenGemeenten: settings.eigenGemeenten, now },
        }),
        // Retours follow the schema set of KP_IPGB_SCHEMAS_DIR (read by buildIpgbRetour itself).
        inspector: pgbInspector({ store: ctx.store, ledger, svb: settings.svbPartner, logger }),
        consumers: [pgbBrpConsumer({ store: ctx.store, worklist, eigenGemeenten: settings.eigenGemeenten, logger, now })],
        start() {
          if (!subscription.watchlist(ctx.store)) logger.warn('the subscriptions feature does not run with pgb as internal subscriber: budgethouders are not followed in the BRP');
          monitor.start();
          if (settings.followSyncMs > 0) {
            followTimer = setInterval(() => {
              following = follower.syncAll().catch((err: Error) => logger.error({ err }, 'pgb volgindicaties sync failed'));
            }, settings.followSyncMs);
            followTimer.unref();
          }
        },
        async stop() {
          if (followTimer) clearInterval(followTimer);
          await following;
          await monitor.stop();
        },
      };
    },
  };
}

export const pgbFeature: Feature = createPgbFeature();
