// The reconciler's reads and writes on the store's own tables (decision 0002: through functions in the store
// folder). Each call takes a batch of rows that did not advance, marks them taken in the same transaction and
// returns them; the caller publishes them. On PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so
// several gateway processes never take the same row; SQLite is one process (and serialises transactions).
import { sql, type Kysely } from 'kysely';
import { chunkRows } from './chunks.ts';
import { recordRouted } from './deliveries.ts';
import { insertEvents, type EventRow } from './events.ts';
import type { Database } from './schema.ts';
import { toNumber } from './time.ts';

export interface StrandedDelivery {
  messageId: string;
  partner: string;
  /** 'lease-expired': claimed by an attempt that never recorded its outcome; 'not-attempted': no attempt came when due. */
  why: 'lease-expired' | 'not-attempted';
}

export interface TakeOptions {
  now: number;
  /** How long past due a row must be before it counts as stranded. */
  afterMs: number;
  limit: number;
  /** Only deliveries to these destinations (the ones this gateway has queues for). */
  partners: readonly string[];
}

/**
 * Pending deliveries whose due time (the scheduled retry, else the last change) passed more than `afterMs`
 * ago and whose lease, if any, expired as long ago. Each is marked due now (next_attempt_at), its expired
 * lease taken back (so a late attempt of the old holder is fenced) and given an event 'reconciled'.
 */
export async function takeStrandedDeliveries(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', o: TakeOptions): Promise<StrandedDelivery[]> {
  if (o.partners.length === 0) return [];
  const cutoff = o.now - o.afterMs;
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('deliveries')
      .select(['message_id', 'partner', 'lease_owner'])
      .where('status', '=', 'pending')
      .where('partner', 'in', [...o.partners])
      .where(sql<boolean>`coalesce(next_attempt_at, updated_at) < ${cutoff}`)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', cutoff)]))
      .orderBy(sql`coalesce(next_attempt_at, updated_at)`)
      .limit(o.limit);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const taken: StrandedDelivery[] = rows.map((r) => ({ messageId: r.message_id, partner: r.partner, why: r.lease_owner === null ? 'not-attempted' : 'lease-expired' }));
    for (const chunk of chunkRows(taken, 2)) {
      await trx
        .updateTable('deliveries')
        .set({ next_attempt_at: o.now, lease_owner: null, lease_until: null })
        .where('status', '=', 'pending')
        .where((eb) => eb.or(chunk.map((t) => eb.and([eb('message_id', '=', t.messageId), eb('partner', '=', t.partner)]))))
        .execute();
    }
    await insertEvents(trx, taken.map((t): EventRow => ({ messageId: t.messageId, type: 'reconciled', at: o.now, detail: { partner: t.partner, why: t.why } })));
    return taken;
  });
}

export interface UnroutedMessage { messageId: string; partners: string[] }

/**
 * Messages published more than `afterMs` ago that still have no delivery rows (their routing was lost): the
 * delivery rows are written now, from the destinations stored with the message, with an event 'reconciled'.
 * A message stored without destinations (from before they were stored) is left alone. With `ids`, only those
 * messages (the legacy router queue's drain, with afterMs 0).
 */
export async function routeUnroutedMessages(
  db: Kysely<Database>, dialect: 'sqlite' | 'postgres', o: Omit<TakeOptions, 'partners'> & { ids?: readonly string[] },
): Promise<UnroutedMessage[]> {
  const cutoff = o.now - o.afterMs;
  if (o.ids?.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('messages as m')
      .select(['m.id', 'm.destinations', 'm.published_at'])
      .where('m.status', '=', 'published')
      .where('m.published_at', '<', cutoff)
      .where('m.destinations', 'is not', null)
      .$if(o.ids !== undefined, (qb) => qb.where('m.id', 'in', [...o.ids!]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('deliveries as d').select('d.message_id').whereRef('d.message_id', '=', 'm.id'))))
      .orderBy('m.published_at')
      .limit(o.limit);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    const out: UnroutedMessage[] = [];
    for (const r of rows) {
      const partners = (r.destinations ?? '').split(',').filter((p) => p !== '');
      if (partners.length === 0) continue;
      await recordRouted(trx, r.id, partners);
      // Published by the caller right after this: due from now, not stranded already.
      await trx.updateTable('deliveries').set({ next_attempt_at: o.now }).where('message_id', '=', r.id).where('status', '=', 'pending').where('next_attempt_at', 'is', null).execute();
      await insertEvents(trx, [{ messageId: r.id, type: 'reconciled', at: o.now, detail: { why: 'not-routed', partners, publishedAt: toNumber(r.published_at ?? 0) } }]);
      out.push({ messageId: r.id, partners });
    }
    return out;
  });
}
