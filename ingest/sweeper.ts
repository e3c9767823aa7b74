import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.ts';
import type { Broker } from '../queue/broker.ts';
import type { Store } from '../store/index.ts';
import { loggable } from '../store/unavailable.ts';
import type { Ingest } from './accept.ts';

export interface SweeperSettings { intervalMs: number; graceMs: number; batch: number }

// Publishes messages that are stored but were never confirmed by the broker (broker down at
// ingest, or the process died between commit and confirm). The grace period keeps it from
// racing an ingest that is still waiting for its confirm. With several gateway processes one sweeps at a
// time (store.exclusive: an advisory lock on PostgreSQL).
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { store: Store; broker: Broker; ingest: Ingest; metrics: Metrics; logger: Logger }, private readonly settings: SweeperSettings) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.settings.intervalMs);
    this.timer.unref();
    this.deps.broker.on('up', () => void this.sweep());
  }

  sweep(): Promise<void> {
    this.running ??= this.deps.store.exclusive('sweeper', () => this.sweepOnce()).then(() => undefined, (err: Error) => {
      this.deps.logger.error({ err }, 'sweep failed');
    }).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async sweepOnce(): Promise<void> {
    const { store, broker, ingest, metrics, logger } = this.deps;
    if (!broker.isUp) return;
    try {
      for (;;) {
        const batch = await store.findUnpublished(new Date(Date.now() - this.settings.graceMs), this.settings.batch);
        if (batch.length === 0) return;
        let published = 0;
        for (const meta of batch) {
          const destinations = await ingest.destinationsOf(meta);
          if (destinations.length === 0) {
            logger.error({ messageId: meta.id }, 'stored message has no route any more; left for the operator');
            await store.addEvent(meta.id, 'unroutable', { reason: 'no-route' });
            continue;
          }
          if (!(await ingest.publish(meta, destinations))) return;
          await store.markPublished(meta.id); // awaited: the next round must not find it again
          published++;
        }
        metrics.swept.inc(published);
        logger.info({ published }, 'sweeper published stored messages');
        if (batch.length < this.settings.batch || published === 0) return;
      }
    } catch (err) {
      logger.error({ err: loggable(err) }, 'sweep failed; tried again next time');
    }
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }
}
