// The cockpit's charts: what flowed, what failed and what ended dead, per time bucket over the last hour or day.
// Counted from the store (messages and their events), so every instance draws the same picture.
import { sql } from 'kysely';
import { toNumber } from '../store/index.ts';
import type { CockpitDb } from './messages.ts';

export type SeriesWindow = '1h' | '24h';

export const SERIES_WINDOWS: Record<SeriesWindow, { spanMs: number; bucketMs: number }> = {
  '1h': { spanMs: 3_600_000, bucketMs: 60_000 },
  '24h': { spanMs: 86_400_000, bucketMs: 900_000 },
};

export interface Series {
  window: SeriesWindow;
  bucketSeconds: number;
  /** The start of each bucket, in epoch seconds (oldest first). */
  buckets: number[];
  /** Messages received per family and bucket. */
  flow: Record<string, number[]>;
  /** Delivery attempts that did not deliver (answered with an error, timed out, refused). */
  failedAttempts: number[];
  /** Deliveries that ended dead, and messages refused at ingest (kept dead for the operator). */
  dead: { deliveries: number[]; refused: number[] };
}

export async function series(db: CockpitDb, window: SeriesWindow, now = Date.now()): Promise<Series> {
  const { spanMs, bucketMs } = SERIES_WINDOWS[window];
  const first = Math.floor((now - spanMs) / bucketMs) + 1;
  const count = Math.floor(now / bucketMs) - first + 1;
  const since = first * bucketMs;
  const index = (bucket: unknown) => toNumber(bucket as number | string) - first;
  const zeros = () => new Array<number>(count).fill(0);

  // A literal divisor, so the selected and the grouped expression are the same text (PostgreSQL insists).
  const bucketOf = (column: 'received_at' | 'at') => sql<number | string>`(${sql.ref(column)} / ${sql.lit(bucketMs)})`;
  const [received, events] = await Promise.all([
    db.selectFrom('messages')
      .select(['family', bucketOf('received_at').as('bucket'), sql<number | string>`count(*)`.as('n')])
      .where('received_at', '>=', since)
      .where('sender_partner', '!=', 'ketenpoort')
      .groupBy(['family', bucketOf('received_at')])
      .execute(),
    db.selectFrom('message_events')
      .select(['type', bucketOf('at').as('bucket'), sql<number | string>`count(*)`.as('n')])
      .where('at', '>=', since)
      .where('type', 'in', ['delivery-attempt', 'delivered', 'dead', 'refused'])
      .groupBy(['type', bucketOf('at')])
      .execute(),
  ]);

  const flow: Record<string, number[]> = {};
  for (const r of received) {
    const i = index(r.bucket);
    if (i < 0 || i >= count) continue;
    (flow[r.family] ??= zeros())[i]! += toNumber(r.n);
  }
  const byType: Record<string, number[]> = { 'delivery-attempt': zeros(), delivered: zeros(), dead: zeros(), refused: zeros() };
  for (const e of events) {
    const i = index(e.bucket);
    if (i >= 0 && i < count) byType[e.type]![i]! += toNumber(e.n);
  }
  // Every delivery ends in one successful attempt at most, so the attempts that failed are the rest.
  const failedAttempts = byType['delivery-attempt']!.map((n, i) => Math.max(0, n - byType.delivered![i]!));
  return {
    window,
    bucketSeconds: bucketMs / 1000,
    buckets: Array.from({ length: count }, (_, i) => ((first + i) * bucketMs) / 1000),
    flow,
    failedAttempts,
    dead: { deliveries: byType.dead!, refused: byType.refused! },
  };
}
