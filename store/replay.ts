// The operator's writes on the store's own tables (decision 0002: the cockpit's replay goes through functions
// in the store folder): a dead delivery back to pending, that undone when the broker does not confirm, and a
// payload erased. Each runs in one transaction and takes the message row's lock first, as the delivery
// bookkeeping does, so it never interleaves with a worker settling the same message.
import type { Kysely } from 'kysely';
import { chunkRows } from './chunks.ts';
import { insertEvents, type EventRow } from './events.ts';
import type { Database } from './schema.ts';
import { toNumber } from './time.ts';

/** Who did it: an operator (partner name and OIN), and the replay job when there is one. */
export interface OperatorAct { actor: string; actorOin: string; jobId?: string }

export interface DeadDeliveryRef { messageId: string; destination: string }

/** What a dead delivery looked like before it was replayed; enough to put it back. */
export interface DeadDeliveryState {
  attempts: number;
  reason: string | null;
  lastError: string | null;
  lastHttpStatus: number | null;
  updatedAt: number;
}

export type ReplayWrite = { ref: DeadDeliveryRef; replayed: true; previous: DeadDeliveryState } | { ref: DeadDeliveryRef; replayed: false };

/** Marker in messages.key_id of a payload an operator erased. */

async function lockMessage(trx: Kysely<Database>, id: string): Promise<boolean> {
  const r = await trx.updateTable('messages').set((eb) => ({ status: eb.ref('status') })).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Dead deliveries back to pending with a fresh attempt budget (attempts 0, no reason), their messages back to
 * routed, an event 'replayed' naming the operator. A delivery that is no longer dead (replayed by someone else
 * meanwhile) is left alone and reported `replayed: false`. The caller publishes each replayed one.
 * Set-based, so a batch costs a handful of statements whatever its size.
 */
export async function replayDeadDeliveries(db: Kysely<Database>, refs: readonly DeadDeliveryRef[], by: OperatorAct, dialect: 'sqlite' | 'postgres'): Promise<ReplayWrite[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => r.messageId))].sort();
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: the message rows' locks, taken in id order (no deadlock between two batches), as the
    // delivery bookkeeping takes them. SQLite runs one transaction at a time anyway.
    if (dialect === 'postgres') {
      for (const chunk of chunkRows(ids, 1)) await trx.selectFrom('messages').select('id').where('id', 'in', chunk).orderBy('id').forUpdate().execute();
    }
    const dead = new Map<string, DeadDeliveryState>();
    for (const chunk of chunkRows(ids, 1)) {
      const rows = await trx
        .selectFrom('deliveries')
        .select(['message_id', 'partner', 'attempts', 'reason', 'last_error', 'last_http_status', 'updated_at'])
        .where('message_id', 'in', chunk).where('status', '=', 'dead')
        .execute();
      for (const row of rows) {
        dead.set(pairKey(row.message_id, row.partner), {
          attempts: toNumber(row.attempts), reason: row.reason, lastError: row.last_error,
          lastHttpStatus: row.last_http_status === null ? null : toNumber(row.last_http_status), updatedAt: toNumber(row.updated_at),
        });
      }
    }
    const now = Date.now();
    const out: ReplayWrite[] = refs.map((ref) => {
      const previous = dead.get(pairKey(ref.messageId, ref.destination));
      return previous ? { ref, replayed: true, previous } : { ref, replayed: false };
    });
    const replayed = out.filter((w): w is Extract<ReplayWrite, { replayed: true }> => w.replayed);
    const unique = [...new Map(replayed.map((w) => [pairKey(w.ref.messageId, w.ref.destination), w])).values()];
    for (const chunk of chunkRows(unique, 2)) {
      await trx
        .updateTable('deliveries')
        .set({ status: 'pending', attempts: 0, reason: null, lease_owner: null, lease_until: null, updated_at: now })
        .where('status', '=', 'dead')
        .where((eb) => eb.or(chunk.map((w) => eb.and([eb('message_id', '=', w.ref.messageId), eb('partner', '=', w.ref.destination)]))))
        .execute();
    }
    const touched = [...new Set(unique.map((w) => w.ref.messageId))];
    for (const chunk of chunkRows(touched, 1)) {
      await trx.updateTable('messages').set({ status: 'routed' }).where('id', 'in', chunk).where('status', '=', 'dead').execute();
    }
    await insertEvents(trx, unique.map((w): EventRow => ({
      messageId: w.ref.messageId, type: 'replayed', at: now,
      detail: {
        destination: w.ref.destination, by: by.actor, byOin: by.actorOin, previousReason: w.previous.reason, previousAttempts: w.previous.attempts,
        ...(by.jobId ? { jobId: by.jobId } : {}),
      },
    })));
    // A ref given twice is replayed once.
    const first = new Set<string>();
    return out.map((w) => {
      if (!w.replayed) return w;
      const k = pairKey(w.ref.messageId, w.ref.destination);
      if (first.has(k)) return { ref: w.ref, replayed: false };
      first.add(k);
      return w;
    });
  });
}

const pairKey = (messageId: string, destination: string): string => `${messageId}\u0000${destination}`;

/**
 * Undoes a replay whose publish the broker did not confirm: the delivery goes back to dead exactly as it was,
 * unless a worker has touched it since (then a copy did reach the queue after all, and it stays pending).
 * Returns whether it was put back.
 */
export async function restoreDeadDelivery(db: Kysely<Database>, ref: DeadDeliveryRef, previous: DeadDeliveryState, by: OperatorAct, error: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await lockMessage(trx, ref.messageId))) return false;
    const r = await trx
      .updateTable('deliveries')
      .set({ status: 'dead', attempts: previous.attempts, reason: previous.reason, last_error: previous.lastError, last_http_status: previous.lastHttpStatus, updated_at: previous.updatedAt })
      .where('message_id', '=', ref.messageId).where('partner', '=', ref.destination)
      .where('status', '=', 'pending').where('attempts', '=', 0).where('lease_owner', 'is', null)
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    await trx.updateTable('messages').set({ status: 'dead' }).where('id', '=', ref.messageId).where('status', '=', 'routed').execute();
    await insertEvents(trx, [{
      messageId: ref.messageId, type: 'replay-failed', at: Date.now(),
      detail: { destination: ref.destination, by: by.actor, byOin: by.actorOin, error, ...(by.jobId ? { jobId: by.jobId } : {}) },
    }]);
    return true;
  });
}
