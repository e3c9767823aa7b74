// Process rules as deadlines (pgb_deadlines, written with the ledger): a retour overdue on a TKB, a BAB not
// received 14 weeks after a period's end or after 31-12 (OP522). A missed one becomes, once, a worklist item,
// an event on the TKB message (the cockpit's message view shows it, as the iStandaarden monitor does) and a metric.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { toNumber, type Store } from '../store/index.ts';
import type { PgbTables } from './tables.ts';
import type { Worklist } from './worklist.ts';

export class PgbDeadlineMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly missed: Counter<'kind'>;

  constructor(private readonly deps: { store: Store; worklist: Worklist; logger: Logger; registry: Registry }, private readonly intervalMs: number) {
    this.missed = new Counter({ name: 'kp_pgb_deadlines_missed_total', help: 'PGB retours and budgetafsluitingen that did not come in time', labelNames: ['kind'], registers: [deps.registry] });
  }

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref();
  }

  scan(now = new Date()): Promise<number> {
    this.running ??= this.scanOnce(now).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async scanOnce(now: Date): Promise<number> {
    const db = this.deps.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
    try {
      const due = await db.selectFrom('pgb_deadlines').selectAll().where('met_at', 'is', null).where('alerted_at', 'is', null)
        .where('due_at', '<=', now.getTime()).orderBy('due_at').limit(500).execute();
      for (const d of due) {
        const claimed = await db.updateTable('pgb_deadlines').set({ alerted_at: now.getTime() }).where('id', '=', d.id).where('alerted_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) continue; // another instance took it
        const dueAt = new Date(toNumber(d.due_at)).toISOString();
        await this.deps.worklist.raise({
          key: d.id, source: 'termijn', bsnHash: d.bsn_hash, budget: { afzender: d.afzender, budgetId: d.budget_id }, zorgfunctie: d.zorgfunctie,
          diagnosis: d.kind === 'retour' ? 'geen-retour' : 'geen-bab', detail: { termijn: d.kind, uiterlijk: dueAt },
        });
        if (d.message_id !== null && (await this.deps.store.getMeta(d.message_id))) {
          await this.deps.store.addEvent(d.message_id, 'deadline-missed', { kind: `pgb-${d.kind}`, dueAt });
        }
        this.missed.inc({ kind: d.kind });
        this.deps.logger.warn({ deadline: d.kind, dueAt, budget: d.budget_id }, 'pgb deadline missed');
      }
      return due.length;
    } catch (err) {
      this.deps.logger.error({ err }, 'pgb deadline scan failed');
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
