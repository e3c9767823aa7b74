import type { Kysely } from 'kysely';
import { chunkRows } from './chunks.ts';
import type { StoreContext } from './context.ts';
import { StoreError } from './errors.ts';
import { insertEvents } from './events.ts';
import type { EventRow } from './events.ts';
import type { Database } from './schema.ts';
import { toDate, toNumber } from './time.ts';
import type { AttemptRecord, ClaimResult, DeliveryStatus } from './types.ts';

/**
 * Takes the message row's lock for the rest of the transaction (a no-op UPDATE locks the row on PostgreSQL;
 * SQLite transactions are serialised anyway). Without it two workers finishing the last two deliveries of one
 * message at once would each miss the other's uncommitted row, and the message would never become delivered.
 * Returns false when the message does not exist.
 */
async function lockMessage(trx: Kysely<Database>, id: string): Promise<boolean> {
  const r = await trx.updateTable('messages').set((eb) => ({ status: eb.ref('status') })).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Idempotent: creates the missing delivery rows; the first call moves the message to routed and writes 'routed'. */
export async function recordRouted(trx: Kysely<Database>, id: string, partners: readonly string[]): Promise<void> {
  {
    if (!(await lockMessage(trx, id))) throw new StoreError('MESSAGE_NOT_FOUND', `message ${id} does not exist`);
    const now = Date.now();
    const unique = [...new Set(partners)];
    // The router can overtake ingest's bookkeeping write: being routed proves it was published.
    const published = await trx
      .updateTable('messages')
      .set({ status: 'published', published_at: now })
      .where('id', '=', id)
      .where('status', '=', 'received')
      .executeTakeFirst();
    if (published.numUpdatedRows > 0n) await insertEvents(trx, [{ messageId: id, type: 'published', at: now }]);
    const routed = await trx
      .updateTable('messages')
      .set({ status: 'routed' })
      .where('id', '=', id)
      .where('status', 'in', ['received', 'published'])
      .executeTakeFirst();
    for (const chunk of chunkRows(unique, 9)) {
      await trx
        .insertInto('deliveries')
        .values(chunk.map((partner) => ({ message_id: id, partner, status: 'pending', attempts: 0, updated_at: now })))
        .onConflict((oc) => oc.columns(['message_id', 'partner']).doNothing())
        .execute();
    }
    if (routed.numUpdatedRows > 0n) await insertEvents(trx, [{ messageId: id, type: 'routed', at: now, detail: { partners: unique } }]);
  }
}

/**
 * One conditional UPDATE decides who holds the lease, so it is atomic on both databases.
 * A lease held by `owner` itself is renewed (a redelivered broker message on the same worker).
 */
async function claimDelivery(trx: Kysely<Database>, id: string, partner: string, owner: string, leaseMs: number): Promise<ClaimResult> {
  for (let round = 0; round < 3; round++) {
    const now = Date.now();
    const claimed = await trx
      .updateTable('deliveries')
      .set({ lease_owner: owner, lease_until: now + leaseMs, updated_at: now })
      .where('message_id', '=', id)
      .where('partner', '=', partner)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<=', now), eb('lease_owner', '=', owner)]))
      .returning('attempts')
      .executeTakeFirst();
    if (claimed !== undefined) return { state: 'claimed', attempts: toNumber(claimed.attempts) };

    const row = await trx
      .selectFrom('deliveries')
      .select(['status', 'lease_owner', 'lease_until'])
      .where('message_id', '=', id)
      .where('partner', '=', partner)
      .executeTakeFirst();
    if (row === undefined) throw new StoreError('DELIVERY_NOT_FOUND', `no delivery of message ${id} to partner ${partner}`);
    if (row.status === 'delivered' || row.status === 'dead') return { state: 'done', status: row.status };
    if (row.lease_until !== null && toNumber(row.lease_until) > Date.now() && row.lease_owner !== owner) {
      return { state: 'busy', leaseUntil: toDate(row.lease_until) };
    }
    // The lease was released or expired between the two statements: try again.
  }
  throw new Error(`claimDelivery did not settle for message ${id} to partner ${partner}`);
}

/**
 * One transaction: the delivery row, its events and, when this settles the message, the message status.
 *
 * Fenced: an attempt that names its lease (`a.owner`) changes the delivery only while that lease is still
 * its own (a conditional UPDATE on the lease token). A late attempt whose lease expired and was taken over,
 * or one reported after the delivery was settled, is recorded as an event (`fenced: true`) and changes
 * nothing, so it can neither undo the other attempt's outcome nor release the other attempt's lease.
 */
async function recordAttempt(trx: Kysely<Database>, id: string, partner: string, a: AttemptRecord): Promise<void> {
  {
    await lockMessage(trx, id);
    const current = await trx
      .selectFrom('deliveries')
      .select(['status', 'attempts'])
      .where('message_id', '=', id)
      .where('partner', '=', partner)
      .executeTakeFirst();
    if (current === undefined) throw new StoreError('DELIVERY_NOT_FOUND', `no delivery of message ${id} to partner ${partner}`);

    const next: DeliveryStatus = a.outcome === 'retry' ? 'pending' : a.outcome;
    const now = Date.now();
    let applied = false;
    if (current.status === 'pending') {
      let update = trx
        .updateTable('deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_http_status: a.httpStatus ?? null,
          last_error: a.error ?? null,
          status: next,
          ...(next === 'dead' ? { reason: a.reason ?? a.error ?? 'unknown' } : {}),
          next_attempt_at: next === 'pending' ? now + (a.nextDelayMs ?? 0) : null,
          lease_owner: null,
          lease_until: null,
          updated_at: now,
        }))
        .where('message_id', '=', id)
        .where('partner', '=', partner)
        .where('status', '=', 'pending');
      if (a.owner !== undefined) update = update.where('lease_owner', '=', a.owner);
      applied = (await update.executeTakeFirst()).numUpdatedRows > 0n;
    }

    const detail = attemptDetail(partner, a);
    if (!applied) {
      // The post was made all the same: it counts as an attempt, but decides nothing.
      detail.fenced = true;
      await trx.updateTable('deliveries').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('message_id', '=', id).where('partner', '=', partner).execute();
    }
    const events: EventRow[] = [{ messageId: id, type: 'delivery-attempt', at: now, detail }];
    if (applied && next === 'delivered') events.push({ messageId: id, type: 'delivered', at: now, detail: { partner, attempt: a.attempt } });
    if (applied && next === 'dead') {
      events.push({ messageId: id, type: 'dead', at: now, detail: { partner, attempt: a.attempt, reason: a.reason ?? a.error ?? 'unknown' } });
    }
    await insertEvents(trx, events);

    if (applied && next !== 'pending') await settleMessage(trx, id, now);
  }
}

/** A write of the delivery bookkeeping; many of them, from concurrent callers, share one transaction. */
export type DeliveryWrite =
  | { kind: 'routed'; id: string; partners: readonly string[] }
  | { kind: 'claim'; id: string; partner: string; owner: string; leaseMs: number }
  | { kind: 'attempt'; id: string; partner: string; attempt: AttemptRecord };

export type DeliveryWriteResult = ClaimResult | undefined;

/**
 * Runs the writes in order in ONE transaction (one fsync for the batch), each with the answer it
 * would have had alone: two claims on the same delivery in one batch give claimed, then busy.
 */
export async function runDeliveryWrites(ctx: StoreContext, writes: readonly DeliveryWrite[]): Promise<DeliveryWriteResult[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const results: DeliveryWriteResult[] = [];
    for (const w of writes) {
      if (w.kind === 'claim') {
        results.push(await claimDelivery(trx, w.id, w.partner, w.owner, w.leaseMs));
      } else {
        if (w.kind === 'routed') await recordRouted(trx, w.id, w.partners);
        else await recordAttempt(trx, w.id, w.partner, w.attempt);
        results.push(undefined);
      }
    }
    return results;
  });
}

function attemptDetail(partner: string, a: AttemptRecord): Record<string, unknown> {
  const d: Record<string, unknown> = { partner, attempt: a.attempt, outcome: a.outcome, durationMs: a.durationMs };
  if (a.httpStatus !== undefined) d.httpStatus = a.httpStatus;
  if (a.error !== undefined) d.error = a.error;
  if (a.reason !== undefined) d.reason = a.reason;
  if (a.nextDelayMs !== undefined) d.nextDelayMs = a.nextDelayMs;
  return d;
}

/** Message → dead when any delivery is dead, → delivered when all are delivered. */
async function settleMessage(trx: Kysely<Database>, id: string, now: number): Promise<void> {
  const rows = await trx.selectFrom('deliveries').select('status').where('message_id', '=', id).execute();
  if (rows.some((r) => r.status === 'dead')) {
    await trx.updateTable('messages').set({ status: 'dead' }).where('id', '=', id).where('status', '!=', 'dead').execute();
  } else if (rows.length > 0 && rows.every((r) => r.status === 'delivered')) {
    await trx
      .updateTable('messages')
      .set({ status: 'delivered', delivered_at: now })
      .where('id', '=', id)
      .where('status', 'not in', ['delivered', 'dead'])
      .execute();
  }
}
