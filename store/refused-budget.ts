// The refusal budget's rows (migration 004): bytes of refused messages kept per partner and window.
import { sql, type Kysely } from 'kysely';

export interface BudgetCharge {
  partner: string;
  /** The window's start (epoch ms); windows are fixed, so every process computes the same one. */
  windowStart: number;
  bytes: number;
  maxBytes: number;
}

/**
 * Adds `bytes` to the partner's window unless the total would pass `maxBytes`; true when added. One statement
 * (an upsert whose update is conditional), so processes sharing the store share one budget, and two of them
 * at once can never both take its last bytes: PostgreSQL locks the row for the conflicting update and
 * re-checks the condition on the row as it is then; SQLite runs one writer at a time.
 */
export async function chargeRefusedBudget(db: Kysely<any>, c: BudgetCharge): Promise<boolean> {
  if (c.bytes > c.maxBytes) return false;
  const { rows } = await sql<{ bytes: unknown }>`insert into refused_budget (partner, window_start, bytes)
    values (${c.partner}, ${c.windowStart}, ${c.bytes})
    on conflict (partner, window_start) do update set bytes = refused_budget.bytes + excluded.bytes
    where refused_budget.bytes + excluded.bytes <= ${c.maxBytes}
    returning bytes`.execute(db);
  return rows.length > 0;
}

/** Drops the rows of windows that started before `windowStart`. */
export async function dropRefusedBudgetsBefore(db: Kysely<any>, windowStart: number): Promise<void> {
  await sql`delete from refused_budget where window_start < ${windowStart}`.execute(db);
}
