import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/index.ts';
import { loggable } from '../store/unavailable.ts';
import type { DeadlineTracker } from './deadline-tracker.ts';

/**
 * Looks for heen messages whose answer is overdue and raises, once per missed answer, an event
 * 'deadline-missed' on the message (the operator's cockpit shows it) and a metric for the alert rules.
 */
export class DeadlineMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly missed: Counter<'type'>;
  private readonly overdue: Gauge;

  constructor(private readonly deps: { tracker: DeadlineTracker; store: Store; logger: Logger; registry: Registry }, private readonly intervalMs: number) {
    this.missed = new Counter({ name: 'kp_retour_deadlines_missed_total', help: 'Heen messages whose expected answer (OP090) did not come in time', labelNames: ['type'], registers: [deps.registry] });
    this.overdue = new Gauge({ name: 'kp_retour_overdue', help: 'Heen messages now waiting past the deadline for an answer', registers: [deps.registry] });
  }

  start(): void {
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass; returns how many missed deadlines it raised. `now` is for tests. */
  scan(now = new Date()): Promise<number> {
    this.running ??= this.scanOnce(now).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async scanOnce(now: Date): Promise<number> {
    const { tracker, store, logger } = this.deps;
    try {
      const overdue = await tracker.takeOverdue(now);
      for (const o of overdue) {
        await store.addEvent(o.messageId, 'deadline-missed', { type: o.type, expected: o.antwoordTypes, dueAt: o.dueAt.toISOString() });
        this.missed.inc({ type: o.type });
        logger.warn({ messageId: o.messageId, type: o.type, expected: o.antwoordTypes, dueAt: o.dueAt.toISOString() }, 'answer overdue');
      }
      this.overdue.set(await tracker.overdueCount(now));
      return overdue.length;
    } catch (err) {
      logger.error({ err: loggable(err) }, 'deadline scan failed; tried again next time');
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
