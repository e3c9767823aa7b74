import { sql, type Kysely, type Selectable } from 'kysely';
import { chunkRows } from './chunks.ts';
import type { StoreContext } from './context.ts';
import { bsnHash, decryptPayload, encryptPayload, sha256Hex } from './crypto.ts';
import { StoreError } from './errors.ts';
import type { Dialect } from './db.ts';
import { insertEvents, type EventRow } from './events.ts';
import { fixedTexts, hotSql, idListParam, idListSql, notIndexed, runHot } from './sql.ts';
import { uuidv7 } from './ids.ts';
import type { Database, MessagesTable } from './schema.ts';
import { toDate, toNumber, toOptionalDate } from './time.ts';
import type { BatchedWrites, BatchWriter, MessageMeta, MessageStatus, MessageWrites, NewMessage, StoredRef } from './types.ts';

/** Everything but the payload. */
export const META_COLUMNS = [
  'id', 'received_at', 'sender_partner', 'sender_oin', 'family', 'type', 'correlation_id',
  'sha256', 'size', 'content_type', 'status', 'published_at', 'delivered_at', 'request_id',
  'destinations', 'parent_id', 'relation', 'reason',
] as const;

type MetaRow = Pick<Selectable<MessagesTable>, (typeof META_COLUMNS)[number]>;

export function rowToMeta(r: MetaRow): MessageMeta {
  const meta: MessageMeta = {
    id: r.id,
    receivedAt: toDate(r.received_at),
    senderPartner: r.sender_partner,
    senderOin: r.sender_oin,
    family: r.family,
    type: r.type,
    sha256: r.sha256,
    size: toNumber(r.size),
    contentType: r.content_type,
    status: r.status as MessageStatus,
  };
  if (r.correlation_id !== null) meta.correlationId = r.correlation_id;
  if (r.request_id !== null) meta.requestId = r.request_id;
  if (r.destinations !== null && r.destinations !== '') meta.destinations = r.destinations.split(',');
  if (r.parent_id !== null) meta.parentId = r.parent_id;
  if (r.relation !== null) meta.relation = r.relation;
  if (r.reason !== null) meta.reason = r.reason;
  const publishedAt = toOptionalDate(r.published_at);
  if (publishedAt !== undefined) meta.publishedAt = publishedAt;
  const deliveredAt = toOptionalDate(r.delivered_at);
  if (deliveredAt !== undefined) meta.deliveredAt = deliveredAt;
  return meta;
}

/** A message made ready for the group commit: id chosen, payload encrypted, BSNs hashed — all outside the transaction. */
export interface PreparedMessage {
  row: MessagesTable;
  dedupKey: string;
  bsnHashes: string[];
  refusedErrors?: NonNullable<NewMessage['refused']>['errors'];
  refusedTruncated?: NonNullable<NewMessage['refused']>['truncated'];
  /** Delivery rows to create with the message (pending), one per destination. */
  deliveries: string[];
  writes?: MessageWrites;
  batched?: BatchedWrites;
}

export interface InsertResult {
  meta: MessageMeta;
  duplicate: boolean;
  /** The message's own writes gave it up (see MessageWrites): nothing of it was stored; their reason. */
  abandoned?: unknown;
  /** Its writes threw: nothing of it was stored; the error. */
  failed?: unknown;
}

export function prepareMessage(ctx: StoreContext, m: NewMessage, now = Date.now()): PreparedMessage {
  const id = uuidv7(now);
  const { keyId, blob } = encryptPayload(ctx.secrets, id, m.payload);
  return {
    row: {
      id,
      received_at: now,
      sender_partner: m.senderPartner,
      sender_oin: m.senderOin,
      family: m.family,
      type: m.type,
      correlation_id: m.correlationId ?? null,
      sha256: m.sha256 ?? sha256Hex(m.payload),
      size: m.payload.length,
      content_type: m.contentType,
      status: m.refused ? 'dead' : 'received',
      payload: blob,
      key_id: keyId,
      published_at: null,
      delivered_at: null,
      request_id: m.requestId ?? null,
      destinations: m.destinations && m.destinations.length > 0 ? m.destinations.join(',') : null,
      parent_id: m.parentId ?? null,
      relation: m.relation ?? null,
      reason: m.refused?.reason ?? null,
    },
    // A refused message never makes a later copy look like a duplicate of it.
    dedupKey: m.refused ? `refused:${id}` : m.dedupKey,
    ...(m.refused ? { refusedErrors: m.refused.errors } : {}),
    ...(m.refused?.truncated ? { refusedTruncated: m.refused.truncated } : {}),
    deliveries: m.refused ? [] : [...new Set(m.destinations ?? [])],
    ...(m.writes ? { writes: m.writes } : {}),
    ...(m.writes && m.batched ? { batched: m.batched } : {}),
    bsnHashes: [...new Set(m.bsnHashes ?? m.bsns.map((b) => bsnHash(ctx.secrets.bsnHmacKey, b)))],
  };
}

const pairKey = (senderPartner: string, dedupKey: string): string => JSON.stringify([senderPartner, dedupKey]);

/**
 * Writes a batch in one transaction with the answers sequential calls would give: the first message with a
 * (sender, dedup key) wins unless the key is already stored; every later one is a duplicate of the winner.
 * Each winner's own writes (a feature's rows, `NewMessage.writes`) run in a savepoint of their own, so a
 * message they give up, or whose writes fail, leaves nothing behind and does not abort the batch.
 * Everything else is one multi-row statement per table for the whole batch: dedup keys, messages, BSN
 * hashes, events, delivery rows — and the publish marks waiting for a transaction (`publishedIds`).
 */
export async function insertMessageBatch(
  ctx: StoreContext, items: readonly PreparedMessage[], publishedIds: readonly string[] = [], onMarked?: (results: PublishResult[]) => void,
): Promise<InsertResult[]> {
  return ctx.db.transaction().execute(async (trx) => {
    // The marks' events go in with the batch's own (one insert for both).
    const markEvents: EventRow[] = [];
    if (publishedIds.length > 0) onMarked?.(await markPublishedIn(trx, publishedIds, ctx.dialect, markEvents));
    const firstByKey = new Map<string, PreparedMessage>();
    for (const it of items) {
      const k = pairKey(it.row.sender_partner, it.dedupKey);
      if (!firstByKey.has(k)) firstByKey.set(k, it);
    }
    // Sorted, so concurrent batches in several processes take unique-index locks in the same order (no deadlock).
    const candidates = [...firstByKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, it]) => it);

    const won = new Set<string>();
    for (const chunk of chunkRows(candidates, 4)) {
      const inserted = await trx
        .insertInto('dedup_keys')
        .values(chunk.map((it) => ({ sender_partner: it.row.sender_partner, dedup_key: it.dedupKey, message_id: it.row.id, created_at: it.row.received_at })))
        .onConflict((oc) => oc.columns(['sender_partner', 'dedup_key']).doNothing())
        .returning(['sender_partner', 'dedup_key'])
        .execute();
      for (const r of inserted) won.add(pairKey(r.sender_partner, r.dedup_key));
    }
    const losers = candidates.filter((it) => !won.has(pairKey(it.row.sender_partner, it.dedupKey)));
    const given = new Map<PreparedMessage, Pick<InsertResult, 'abandoned' | 'failed'>>();
    const withWrites = candidates.filter((it) => it.writes !== undefined && won.has(pairKey(it.row.sender_partner, it.dedupKey)));
    // Optimistic: all messages' own writes under one savepoint (two statements per batch, not per message).
    // Only when one gives up or fails are they rolled back and run again, each in a savepoint of its own.
    if (withWrites.length > 0 && !(await runAllWrites(trx, withWrites))) {
      for (const it of withWrites) {
        const outcome = await runOwnWrites(trx, it);
        if (outcome !== undefined) given.set(it, outcome);
      }
    }
    for (const it of given.keys()) {
      await trx.deleteFrom('dedup_keys').where('sender_partner', '=', it.row.sender_partner).where('dedup_key', '=', it.dedupKey).execute();
    }
    const winners = candidates.filter((it) => won.has(pairKey(it.row.sender_partner, it.dedupKey)) && !given.has(it));

    for (const chunk of chunkRows(winners, 20)) await trx.insertInto('messages').values(chunk.map((it) => it.row)).execute();
    const bsnRows = winners.flatMap((it) => it.bsnHashes.map((h) => ({ message_id: it.row.id, bsn_hash: h })));
    for (const chunk of chunkRows(bsnRows, 2)) await trx.insertInto('message_bsns').values(chunk).execute();
    await insertEvents(trx, markEvents.concat(winners.flatMap((it) => {
      const at = toNumber(it.row.received_at);
      const received = { messageId: it.row.id, type: 'received', at, detail: receivedDetail(it) };
      if (it.refusedErrors === undefined) return [received];
      const truncated = it.refusedTruncated ? { truncated: { ...it.refusedTruncated, keptBytes: it.row.size } } : {};
      return [received, { messageId: it.row.id, type: 'refused', at, detail: { reason: it.row.reason, errors: it.refusedErrors, ...truncated } }];
    })), ctx.dialect);
    const deliveryRows = winners.flatMap((it) => it.deliveries.map((partner) => ({ message_id: it.row.id, partner, status: 'pending', attempts: 0, updated_at: toNumber(it.row.received_at) })));
    for (const chunk of chunkRows(deliveryRows, 5)) await trx.insertInto('deliveries').values(chunk).execute();

    const existing = await existingMetas(trx, losers);
    const resultByKey = new Map<string, InsertResult>();
    for (const it of winners) resultByKey.set(pairKey(it.row.sender_partner, it.dedupKey), { meta: rowToMeta(it.row), duplicate: false });
    for (const [it, outcome] of given) resultByKey.set(pairKey(it.row.sender_partner, it.dedupKey), { meta: rowToMeta(it.row), duplicate: false, ...outcome });
    for (const [k, meta] of existing) resultByKey.set(k, { meta, duplicate: true });

    return items.map((it) => {
      const k = pairKey(it.row.sender_partner, it.dedupKey);
      const result = resultByKey.get(k);
      if (result === undefined) throw new Error(`group commit lost track of a dedup key (message ${it.row.id})`);
      if (firstByKey.get(k) === it || result.abandoned !== undefined || result.failed !== undefined) return result;
      return { meta: result.meta, duplicate: true };
    });
  });
}

const storedRef = (it: PreparedMessage): StoredRef => ({ id: it.row.id, receivedAt: new Date(toNumber(it.row.received_at)) });

/**
 * Every message's own writes in one savepoint; false (and rolled back) as soon as one gives up or fails.
 * Messages whose writes are batchable (`batched`) are written by their BatchWriter once for the batch, the
 * others one by one.
 */
async function runAllWrites(trx: Kysely<Database>, items: readonly PreparedMessage[]): Promise<boolean> {
  await sql`savepoint kp_batch_writes`.execute(trx);
  const byWriter = new Map<BatchWriter<unknown>, { part: unknown; stored: StoredRef }[]>();
  const alone: PreparedMessage[] = [];
  for (const it of items) {
    if (it.batched === undefined) { alone.push(it); continue; }
    let entries = byWriter.get(it.batched.writer);
    if (entries === undefined) byWriter.set(it.batched.writer, (entries = []));
    entries.push({ part: it.batched.part, stored: storedRef(it) });
  }
  const steps: (() => Promise<boolean>)[] = [
    ...[...byWriter].map(([writer, entries]) => () => writer.run(trx as unknown as Kysely<any>, entries)),
    ...alone.map((it) => async () => {
      const r = await it.writes!(trx as unknown as Kysely<any>, storedRef(it));
      return !(r && 'abandon' in r);
    }),
  ];
  let clean = true;
  for (const step of steps) {
    try {
      clean = await step();
    } catch (err) {
      // A deadlock or serialization failure aborted the whole transaction, not this message's writes: the
      // batch is tried again whole (store.ts, #writing), which a savepoint cannot do.
      if (isTransactionConflict(err)) throw err;
      clean = false;
    }
    if (!clean) break;
  }
  if (!clean) await sql`rollback to savepoint kp_batch_writes`.execute(trx);
  await sql`release savepoint kp_batch_writes`.execute(trx);
  return clean;
}

/** A message's own writes in a savepoint: kept, or rolled back (given up, or failed) without touching the batch. */
async function runOwnWrites(trx: Kysely<Database>, it: PreparedMessage): Promise<Pick<InsertResult, 'abandoned' | 'failed'> | undefined> {
  await sql`savepoint kp_own_writes`.execute(trx);
  let outcome: Pick<InsertResult, 'abandoned' | 'failed'> | undefined;
  try {
    const r = await it.writes!(trx as unknown as Kysely<any>, storedRef(it));
    if (r && 'abandon' in r) outcome = { abandoned: r.abandon };
  } catch (err) {
    if (isTransactionConflict(err)) throw err;
    outcome = { failed: err };
  }
  if (outcome !== undefined) await sql`rollback to savepoint kp_own_writes`.execute(trx);
  await sql`release savepoint kp_own_writes`.execute(trx);
  return outcome;
}

/** PostgreSQL deadlock (40P01) or serialization failure (40001): the transaction is lost, a repeat may succeed. */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

function receivedDetail(it: PreparedMessage): Record<string, unknown> {
  const detail: Record<string, unknown> = { family: it.row.family, type: it.row.type, size: it.row.size, sha256: it.row.sha256 };
  if (it.row.request_id !== null) detail.requestId = it.row.request_id;
  if (it.row.parent_id !== null) detail.parentId = it.row.parent_id;
  if (it.row.relation !== null) detail.relation = it.row.relation;
  return detail;
}

async function existingMetas(db: Kysely<Database>, losers: readonly PreparedMessage[]): Promise<Map<string, MessageMeta>> {
  const out = new Map<string, MessageMeta>();
  for (const chunk of chunkRows(losers, 2)) {
    const rows = await db
      .selectFrom('dedup_keys')
      .innerJoin('messages', 'messages.id', 'dedup_keys.message_id')
      .select(['dedup_keys.dedup_key as dedup_key', ...META_COLUMNS.map((c) => `messages.${c}` as const)])
      .where((eb) => eb.or(chunk.map((it) => eb.and([eb('dedup_keys.sender_partner', '=', it.row.sender_partner), eb('dedup_keys.dedup_key', '=', it.dedupKey)]))))
      .execute();
    for (const r of rows) out.set(pairKey(r.sender_partner, r.dedup_key), rowToMeta(r));
  }
  return out;
}

/** 'busy': another transaction holds the row (PostgreSQL, SKIP LOCKED): try again later. */
export type PublishResult = 'published' | 'unchanged' | 'busy' | 'not-found';

/** received → published for a batch of ids in one transaction. */
export async function markPublishedBatch(ctx: StoreContext, ids: readonly string[]): Promise<PublishResult[]> {
  return ctx.db.transaction().execute((trx) => markPublishedIn(trx, ids, ctx.dialect));
}

/**
 * received → published, or → routed with an event 'routed' for a message with destinations: ingest wrote its
 * delivery rows with it and published it straight to their queues, so the confirm makes it routed.
 * On PostgreSQL a row another transaction holds (a delivery recording its attempt) is skipped, not waited for,
 * so ingest's transaction never waits on delivery's: it comes back 'busy' and is marked with a later batch.
 */
export async function markPublishedIn(
  trx: Kysely<Database>, ids: readonly string[], dialect: 'sqlite' | 'postgres', eventsOut?: EventRow[],
): Promise<PublishResult[]> {
  const unique = [...new Set(ids)].sort();
  const now = Date.now();
  const published = new Set<string>();
  const events: { messageId: string; type: string; at: number; detail?: Record<string, unknown> }[] = [];
  const texts = markTexts(dialect);
  const list = idListParam(dialect, unique);
  for (const r of await runHot<{ id: string; destinations: string | null }>(trx, texts.mark, [now, list])) {
    published.add(r.id);
    events.push({ messageId: r.id, type: 'published', at: now });
    if (r.destinations) events.push({ messageId: r.id, type: 'routed', at: now, detail: { partners: r.destinations.split(',') } });
  }
  // A delivery can overtake this bookkeeping (the broker confirmed, the partner took it, then the mark came):
  // its status has moved on, but the history still gets 'published' (and 'routed'), once.
  const overtaken = unique.filter((id) => !published.has(id));
  if (overtaken.length > 0) {
    for (const r of await runHot<{ id: string; destinations: string | null }>(trx, texts.overtaken, [now, idListParam(dialect, overtaken)])) {
      events.push({ messageId: r.id, type: 'published', at: now });
      if (r.destinations) events.push({ messageId: r.id, type: 'routed', at: now, detail: { partners: r.destinations.split(',') } });
    }
  }
  // With `eventsOut` the caller inserts them, with rows of its own, in this transaction.
  if (eventsOut) eventsOut.push(...events);
  else await insertEvents(trx, events, dialect);
  const marked = new Set(events.map((e) => e.messageId));
  const rest = unique.filter((id) => !marked.has(id));
  // Read after the updates, with a snapshot of its own (PostgreSQL, read committed): a row still without
  // published_at was skipped because a delivery held it, whether or not that delivery has committed since the
  // overtaken update looked. It is 'busy' and marked again with a later batch; never dropped as 'unchanged'.
  const unmarked = new Map<string, boolean>();
  if (rest.length > 0) for (const r of await runHot<{ id: string; published_at: unknown }>(trx, texts.status, [idListParam(dialect, rest)])) unmarked.set(r.id, r.published_at === null);
  const seen = new Set<string>();
  return ids.map((id) => {
    if (published.has(id) && !seen.has(id)) {
      seen.add(id);
      return 'published';
    }
    if (marked.has(id)) return 'unchanged';
    const open = unmarked.get(id);
    return open === undefined ? 'not-found' : open ? 'busy' : 'unchanged';
  });
}

/**
 * The publish marks' statements, fixed texts (store/sql.ts). On PostgreSQL a row another transaction holds (a
 * delivery recording its attempt) is skipped, not waited for (SKIP LOCKED), taken in id order.
 */
export const markTexts = fixedTexts((dialect) => {
  const ids = idListSql(dialect, 'id');
  // FOR NO KEY UPDATE, the lock the UPDATE itself takes: a delivery inserting events for the row (a foreign
  // key's KEY SHARE lock) does not make it skipped.
  const rows = dialect === 'postgres' ? `id in (select id from messages where ${ids} and status = 'received' order by id for no key update skip locked)` : ids;
  const status = notIndexed(dialect, 'status');
  return {
    mark: hotSql(dialect, `update messages set status = case when destinations is null or destinations = '' then 'published' else 'routed' end, published_at = ?
      where ${rows} and ${status} = 'received' returning id, destinations`),
    overtaken: hotSql(dialect, `update messages set published_at = ? where ${ids} and published_at is null and status <> 'received' returning id, destinations`),
    status: hotSql(dialect, `select id, published_at from messages where ${ids}`),
  };
});

export async function findUnpublished(ctx: StoreContext, olderThan: Date, limit: number): Promise<MessageMeta[]> {
  const rows = await ctx.db
    .selectFrom('messages')
    .select(META_COLUMNS)
    .where('status', '=', 'received')
    .where('received_at', '<', olderThan.getTime())
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(rowToMeta);
}

export async function getMeta(ctx: StoreContext, id: string): Promise<MessageMeta | undefined> {
  const row = await ctx.db.selectFrom('messages').select(META_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : rowToMeta(row);
}

export async function findByDedupKey(ctx: StoreContext, senderPartner: string, dedupKey: string): Promise<MessageMeta | undefined> {
  const row = await ctx.db
    .selectFrom('dedup_keys')
    .innerJoin('messages', 'messages.id', 'dedup_keys.message_id')
    .select(META_COLUMNS.map((c) => `messages.${c}` as const))
    .where('dedup_keys.sender_partner', '=', senderPartner)
    .where('dedup_keys.dedup_key', '=', dedupKey)
    .executeTakeFirst();
  return row === undefined ? undefined : rowToMeta(row);
}

export async function readPayload(ctx: StoreContext, id: string): Promise<Buffer> {
  const row = await ctx.db.selectFrom('messages').select(['payload', 'key_id']).where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new StoreError('MESSAGE_NOT_FOUND', `message ${id} does not exist`);
  return decryptPayload(ctx.secrets, id, row.key_id, row.payload);
}

/** Oldest first. */
export async function findByBsn(ctx: StoreContext, bsn: string): Promise<MessageMeta[]> {
  const hash = bsnHash(ctx.secrets.bsnHmacKey, bsn);
  const rows = await ctx.db
    .selectFrom('messages')
    .select(META_COLUMNS)
    .where('id', 'in', (eb) => eb.selectFrom('message_bsns').select('message_id').where('bsn_hash', '=', hash))
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToMeta);
}

export async function countByStatus(ctx: StoreContext): Promise<Record<MessageStatus, number>> {
  const rows = await ctx.db
    .selectFrom('messages')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<MessageStatus, number> = { received: 0, published: 0, routed: 0, delivered: 0, dead: 0 };
  for (const r of rows) counts[r.status as MessageStatus] = toNumber(r.n);
  return counts;
}
