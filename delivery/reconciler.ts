import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Broker } from '../queue/broker.ts';
import { BrokerUnavailable } from '../queue/errors.ts';
import type { Database, Store } from '../store/index.ts';
import { routeUnroutedMessages, takeStrandedDeliveries } from '../store/reconcile.ts';
import { loggable } from '../store/unavailable.ts';

export interface ReconcilerSettings {
  /** How often it looks. */
  intervalMs: number;
  /** How long past due a message or delivery must be before it counts as stranded. */
  afterMs: number;
  /** Rows per transaction. */
  batch: number;
}

export interface ReconcileResult { routed: number; republished: number }

/**
 * Puts back on their way the messages and deliveries whose state in the store did not advance: a published
 * message without delivery rows, a pending delivery that nobody attempted when it was due, a claim whose lease
 * expired without an outcome. The store's rows are the truth and the broker only carries hints, so a broker
 * copy that was lost (dropped past a delivery limit, a retry publish that failed, a process killed, a handler
 * that gave up while the store was down) costs a delay, never the message. A republished copy of something
 * that is in fact still on its way is harmless: the delivery claim makes it a no-op.
 *
 * A destination whose queue still holds ready messages is skipped for that round: its pending rows are most
 * likely waiting in that queue, not lost.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileResult> | undefined;
  private readonly reconciled: Counter<'why'>;

  constructor(
    private readonly deps: { store: Store; broker: Broker; logger: Logger; registry: Registry; destinations: readonly string[] },
    private readonly settings: ReconcilerSettings,
  ) {
    this.reconciled = new Counter({
      name: 'kp_reconciled_total', help: 'Messages and deliveries the reconciler put back on their way, by why they stood still',
      labelNames: ['why'], registers: [deps.registry],
    });
  }

  start(): void {
    if (this.settings.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.reconcile(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** One pass (never two at once); store and broker errors are logged, and the next pass tries again. */
  reconcile(now?: number): Promise<ReconcileResult> {
    this.running ??= this.reconcileOnce(now).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async reconcileOnce(at?: number): Promise<ReconcileResult> {
    const { store, broker, logger } = this.deps;
    const result: ReconcileResult = { routed: 0, republished: 0 };
    if (!broker.isUp) return result;
    try {
      const db = store.tables<object>() as unknown as import('kysely').Kysely<Database>;
      const { afterMs, batch } = this.settings;
      for (;;) {
        const routed = await routeUnroutedMessages(db, store.dialect, { now: at ?? Date.now(), afterMs, limit: batch });
        for (const m of routed) {
          for (const partner of m.partners) await this.publish(m.messageId, partner);
        }
        result.routed += routed.length;
        this.reconciled.inc({ why: 'not-routed' }, routed.length);
        if (routed.length < batch) break;
      }
      const partners = await this.idleDestinations();
      for (;;) {
        const stranded = await takeStrandedDeliveries(db, store.dialect, { now: at ?? Date.now(), afterMs, limit: batch, partners });
        for (const d of stranded) {
          await this.publish(d.messageId, d.partner);
          this.reconciled.inc({ why: d.why });
        }
        result.republished += stranded.length;
        if (stranded.length < batch) break;
      }
      if (result.routed + result.republished > 0) logger.warn(result, 'reconciler put stranded messages back on their way');
    } catch (err) {
      // A row taken but not published is due again after afterMs: the next pass takes it again.
      // An outage is expected here and says enough without a stack (a stack's frame names are noise in the log).
      const e = err instanceof BrokerUnavailable ? { type: err.name, code: err.code, message: err.message } : loggable(err);
      logger.error({ err: e }, 'reconcile failed; tried again next time');
    }
    return result;
  }

  private async publish(id: string, partner: string): Promise<void> {
    const { broker } = this.deps;
    await broker.publish(broker.names.deliver, partner, Buffer.from(id), { messageId: id, contentType: 'text/plain' });
  }

  /** Destinations whose delivery queue has no ready message (or whose depth cannot be read: better a harmless extra copy). */
  private async idleDestinations(): Promise<string[]> {
    const { broker, destinations } = this.deps;
    const idle: string[] = [];
    for (const d of destinations) {
      const depth = await broker.queueDepth(broker.names.deliverQueue(d));
      if (depth === undefined || depth === 0) idle.push(d);
    }
    return idle;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
