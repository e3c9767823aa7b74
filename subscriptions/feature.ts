// BRP subscriptions: subscribers keep watchlists (volgindicaties) through a Haal Centraal BRP Update API
// shaped API; the gateway keeps its afnemersindicaties at GBA-V in step (Ap01/Av01 and their answers),
// matches every incoming BRP mutation on BSN / A-nummer, and sends each interested subscriber one
// data-poor CloudEvent per event, audited as a disclosure. Raw BRP payloads are purged after retention.
import { X509Certificate } from 'node:crypto';
import { AuditLog } from '../audit/index.ts';
import { loggable } from '../store/unavailable.ts';
import { siblingModule, type Feature, type FeatureContext, type FeatureParts } from '../feature.ts';
import { Afnemersindicaties } from './afnemersindicaties.ts';
import { AlertSender } from './alerts.ts';
import { watchlistRoutes } from './api/routes.ts';
import { alertSource } from './cloudevent.ts';
import { answersConsumer, mutationsConsumer } from './consumers.ts';
import type { SubscriptionDeps } from './context.ts';
import { IndexRefresher, loadWatchIndex } from './index-sync.ts';
import { subscriptionMigrations } from './migrations.ts';
import { purgePayloads } from './retention.ts';
import { Volgindicaties } from './volgindicaties.ts';
import { Watchlist } from './watchlist.ts';
import type { InternalSubscription } from './internal.ts';

const DAY_MS = 86_400_000;

export interface SubscriptionsOptions {
  /** Other parts of the gateway that follow persons as subscribers of their own (subscriptions/internal.ts). */
  internal?: readonly InternalSubscription[];
}

export function createSubscriptionsFeature(opts: SubscriptionsOptions = {}): Feature {
  return {
    name: 'subscriptions',
    migrations: subscriptionMigrations,
    // The BRP family (LO3, Berichten API JSON, StUF-BG npsLk01), read in the worker pool's threads.
    levels: siblingModule(import.meta.url, './levels'),
    setup: (ctx) => setupSubscriptions(ctx, opts.internal ?? []),
  };
}

export const subscriptionsFeature: Feature = createSubscriptionsFeature();

async function setupSubscriptions(ctx: FeatureContext, internal: readonly InternalSubscription[]): Promise<FeatureParts> {
  const settings = ctx.settings.subscriptions;
  const now = () => Date.now();
  for (const i of internal) {
    if (ctx.partners.byName(i.subscriber.name)) throw new Error(`internal subscriber ${i.subscriber.name} has the name of a configured partner`);
  }
  const subscribers = [...ctx.partners.partners.filter((p) => p.role === 'subscriber').map((p) => p.name), ...internal.map((i) => i.subscriber.name)];
  const gbav = ctx.partners.partners.find((p) => p.role === 'gbav' && p.delivery);
  if (!gbav) ctx.logger.warn('no partner with role gbav and a delivery endpoint: volgindicaties are kept, but no Ap01/Av01 is sent');
  const gatewayOin = oinOf(ctx.clientIdentity.cert) ?? 'onbekend';

  // Loaded before setup returns: the consumers start right after, and must not match against an empty index.
  const { index, stats, loadedAt } = await loadWatchIndex({ store: ctx.store, now }, subscribers);
  ctx.logger.info({ ...stats, persons: index.personCount, indexBytes: index.bytes() }, 'watch index loaded');

  const deps: SubscriptionDeps = {
    store: ctx.store, ingest: ctx.ingest, partners: ctx.partners, logger: ctx.logger, audit: new AuditLog(ctx.store), index,
    gbav: gbav?.name, gatewayOin, alertSource: settings.alertSource ?? alertSource(oinOf(ctx.clientIdentity.cert)), now,
  };
  const volgindicaties = new Volgindicaties(deps);
  const afnemersindicaties = new Afnemersindicaties(deps);
  const watchlist = new Watchlist(deps, volgindicaties, afnemersindicaties);
  const alerts = new AlertSender(deps, volgindicaties);
  const refresher = new IndexRefresher(deps, loadedAt);
  const parts = { deps, afnemersindicaties, volgindicaties, alerts, internal: new Map(internal.map((i) => [i.subscriber.name, i.subscriber])) };
  for (const i of internal) {
    const name = i.subscriber.name;
    i.attach(ctx.store, {
      follow: async (bsn, referentie) => { await watchlist.put(name, bsn, { referentie, einddatum: null }); },
      unfollow: async (bsn) => { await watchlist.end(name, bsn); },
    });
  }
  const timers: Timer[] = [];

  return {
    gatewayRoutes: watchlistRoutes({ deps, watchlist }),
    consumers: [answersConsumer(parts), mutationsConsumer(parts)],
    start() {
      if (settings.syncIntervalMs > 0) {
        // One gateway process at a time (an advisory lock on PostgreSQL), so an Ap01/Av01 is sent once.
        timers.push(every(settings.syncIntervalMs, 'volgindicaties sync', ctx, () => ctx.store.exclusive('subscriptions.sync', async () => {
          await watchlist.expire();
          await afnemersindicaties.reconcile();
          await afnemersindicaties.promoteWaiting();
        })));
      }
      if (settings.indexRefreshMs > 0) timers.push(every(settings.indexRefreshMs, 'watch index refresh', ctx, () => refresher.poll()));
      if (settings.retentionDays > 0 && settings.retentionIntervalMs > 0) {
        timers.push(every(settings.retentionIntervalMs, 'brp retention', ctx, () => ctx.store.exclusive('subscriptions.retention', async () => {
          const { purged } = await purgePayloads(ctx.store, new Date(Date.now() - settings.retentionDays * DAY_MS));
          if (purged > 0) ctx.logger.info({ purged, retentionDays: settings.retentionDays }, 'brp payloads purged');
        })));
      }
    },
    async stop() {
      await Promise.all(timers.map((t) => t.stop()));
    },
  };
}

/** The OIN in the subject serialNumber of the gateway's own certificate. */
function oinOf(certPem: Buffer): string | undefined {
  try {
    return /(?:^|\n)serialNumber=(\d{20})(?:\n|$)/.exec(new X509Certificate(certPem).subject)?.[1];
  } catch {
    return undefined;
  }
}

interface Timer { stop(): Promise<void> }

/** Runs `work` every `ms` (never two at once); failures are logged and tried again next time. */
function every(ms: number, name: string, ctx: FeatureContext, work: () => Promise<unknown>): Timer {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let handle: NodeJS.Timeout | undefined;
  const tick = () => {
    running = work()
      .then(() => undefined, (err: unknown) => ctx.logger.error({ err: loggable(err), task: name }, 'subscriptions background task failed; tried again next time'))
      .finally(() => { if (!stopped) schedule(); });
  };
  const schedule = () => { handle = setTimeout(tick, ms); handle.unref(); };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (handle) clearTimeout(handle);
      await running;
    },
  };
}
