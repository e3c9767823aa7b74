import type { Kysely } from 'kysely';
import { chunkRows } from './chunks.ts';
import type { StoreContext } from './context.ts';
import { decryptPayload } from './crypto.ts';
import type { Dialect } from './db.ts';
import { StoreError } from './errors.ts';
import { fixedTexts, hotSql, idListParam, idListSql, namedRowsSource, notIndexed, rowsSourceParams, runHot, runHotCount } from './sql.ts';
import { insertEvents } from './events.ts';
import type { EventRow } from './events.ts';
import type { Database } from './schema.ts';
import { toDate, toNumber } from './time.ts';
import type { AttemptRecord, ClaimedMessage, ClaimResult, DeliveryStatus } from './types.ts';

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

/** The message columns a delivery attempt needs, returned by the claim itself (no reads after it). */
const CLAIMED_MESSAGE_COLUMNS = ['family', 'type', 'content_type', 'correlation_id', 'destinations', 'payload', 'key_id'] as const;
const CLAIM_COLUMNS = ['id', 'partner', 'owner', 'lease_until'] as const;
const CLAIM_TYPES = ['text', 'text', 'text', 'bigint'] as const;
const ATTEMPT_COLUMNS = ['id', 'partner', 'owner', 'http_status', 'error', 'status', 'reason', 'next_attempt_at'] as const;
const ATTEMPT_TYPES = ['text', 'text', 'text', 'integer', 'text', 'text', 'text', 'bigint'] as const;

// The delivery bookkeeping's statements, fixed texts (store/sql.ts), made once per dialect.
const texts = fixedTexts((dialect) => {
  // Scalar subqueries rather than UPDATE … FROM: SQLite's RETURNING may only name the updated table.
  const columns = CLAIMED_MESSAGE_COLUMNS.map((c) => `(select m.${c} from messages m where m.id = deliveries.message_id) as m_${c}`).join(', ');
  const attempt = `update deliveries set attempts = attempts + 1, last_http_status = ?, last_error = ?, status = ?,
      reason = coalesce(?, reason), next_attempt_at = ?, lease_owner = null, lease_until = null, updated_at = ?
      where message_id = ? and partner = ? and status = 'pending'`;
  const status = notIndexed(dialect, 'd.status');
  const dead = `exists (select 1 from deliveries d where d.message_id = messages.id and ${status} = 'dead')`;
  const open = `exists (select 1 from deliveries d where d.message_id = messages.id and ${status} <> 'delivered')`;
  // Not by the status index: SQLite would read every pending delivery and join the batch's rows to each.
  const pending = notIndexed(dialect, 'deliveries.status');
  const src = (names: readonly string[], types: readonly string[]) => namedRowsSource(dialect, names, types);
  const attemptSet = `attempts = deliveries.attempts + 1, last_http_status = src.http_status, last_error = src.error, status = src.status,
      reason = coalesce(src.reason, deliveries.reason), next_attempt_at = src.next_attempt_at, lease_owner = null, lease_until = null, updated_at = ?`;
  return {
    // A batch's claims in one statement; RETURNING names the deliveries it claimed (decision 0021).
    claims: hotSql(dialect, `update deliveries set lease_owner = src.owner, lease_until = src.lease_until, updated_at = ?
      from ${src(CLAIM_COLUMNS, CLAIM_TYPES)}
      where deliveries.message_id = src.id and deliveries.partner = src.partner and ${pending} = 'pending'
        and (deliveries.lease_owner is null or deliveries.lease_until <= ? or deliveries.lease_owner = src.owner)
      returning deliveries.message_id as id, deliveries.partner as partner, deliveries.attempts as attempts,
        (select count(*) from deliveries d2 where d2.message_id = deliveries.message_id) as delivery_count, ${columns}`),
    // A batch's attempts in one statement; a fenced one (owner given) only while its lease is still its own.
    attempts: hotSql(dialect, `update deliveries set ${attemptSet}
      from ${src(ATTEMPT_COLUMNS, ATTEMPT_TYPES)}
      where deliveries.message_id = src.id and deliveries.partner = src.partner and ${pending} = 'pending'
        and (src.owner is null or deliveries.lease_owner = src.owner)
      returning deliveries.message_id as id, deliveries.partner as partner`),
    claim: hotSql(dialect, `update deliveries set lease_owner = ?, lease_until = ?, updated_at = ?
      where message_id = ? and partner = ? and status = 'pending' and (lease_owner is null or lease_until <= ? or lease_owner = ?)
      returning attempts, (select count(*) from deliveries d2 where d2.message_id = deliveries.message_id) as delivery_count, ${columns}`),
    attempt: hotSql(dialect, attempt),
    attemptFenced: hotSql(dialect, `${attempt} and lease_owner = ?`),
    countOnly: hotSql(dialect, 'update deliveries set attempts = attempts + 1 where message_id = ? and partner = ?'),
    lock: hotSql(dialect, `select id from messages where ${idListSql(dialect, 'id')} order by id for update`),
    settle: hotSql(dialect, `update messages
      set status = case when ${dead} then 'dead' else 'delivered' end,
          delivered_at = case when ${dead} then delivered_at else ? end
      where ${idListSql(dialect, 'id')}
        and ((${dead} and status <> 'dead') or (not ${open} and status not in ('delivered', 'dead')))`),
  };
});

interface ClaimedRow {
  attempts: number | string;
  delivery_count: number | string;
  m_family: string; m_type: string; m_content_type: string; m_correlation_id: string | null; m_destinations: string | null;
  m_payload: Buffer; m_key_id: string;
}

/**
 * One conditional UPDATE decides who holds the lease, so it is atomic on both databases, and it returns what
 * the attempt needs (the message's meta and encrypted payload): a won claim is ONE statement.
 * A lease held by `owner` itself is renewed (a redelivered broker message on the same worker).
 */
async function claimDelivery(ctx: StoreContext, trx: Kysely<Database>, id: string, partner: string, owner: string, leaseMs: number): Promise<ClaimResult> {
  for (let round = 0; round < 3; round++) {
    const now = Date.now();
    const [claimed] = await runHot<ClaimedRow>(trx, texts(ctx.dialect).claim, [owner, now + leaseMs, now, id, partner, now, owner]);
    if (claimed !== undefined) return claimedResult(ctx, id, claimed);

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

type AttemptWrite = Extract<DeliveryWrite, { kind: 'attempt' }>;
/**
 * The attempts of one group-commit batch, in few statements for all of them: (PostgreSQL, only when a message
 * has several deliveries) the message rows locked in id order; one fenced UPDATE per attempt; ONE insert of
 * every event; ONE update settling every message an attempt finished.
 *
 * Fenced: an attempt that names its lease (`a.owner`) changes the delivery only while that lease is still
 * its own (a conditional UPDATE on the lease token). A late attempt whose lease expired and was taken over,
 * or one reported after the delivery was settled, is recorded as an event (`fenced: true`) and changes
 * nothing, so it can neither undo the other attempt's outcome nor release the other attempt's lease.
 */
async function recordAttempts(ctx: StoreContext, trx: Kysely<Database>, writes: readonly AttemptWrite[]): Promise<void> {
  const { dialect } = ctx;
  // Without the lock two workers finishing the last two deliveries of one message at once would each miss
  // the other's uncommitted row, and the message would never become delivered. SQLite transactions are
  // serialised anyway, and a message with one delivery has no second row to miss. Id order: no deadlock.
  const shared = [...new Set(writes.filter((w) => (w.attempt.deliveries ?? 2) > 1).map((w) => w.id))].sort();
  if (dialect === 'postgres' && shared.length > 0) await runHot(trx, texts(dialect).lock, [idListParam(dialect, shared)]);
  const now = Date.now();
  const events: EventRow[] = [];
  const settle = new Set<string>();
  const nextOf = (a: AttemptRecord): DeliveryStatus => (a.outcome === 'retry' ? 'pending' : a.outcome);
  // The first attempt on each delivery in ONE statement; a second on the same delivery (rare) alone, after it,
  // so it sees the first's outcome as sequential writes would.
  const first = new Map<string, number>();
  writes.forEach((w, i) => { const k = deliveryKey(w.id, w.partner); if (!first.has(k)) first.set(k, i); });
  const applied = new Set<number>();
  if (first.size > 1) {
    const rows = [...first.values()].map((i) => {
      const { id, partner, attempt: a } = writes[i]!;
      const next = nextOf(a);
      return [id, partner, a.owner ?? null, a.httpStatus ?? null, a.error ?? null, next, next === 'dead' ? (a.reason ?? a.error ?? 'unknown') : null,
        next === 'pending' ? now + (a.nextDelayMs ?? 0) : null];
    });
    for (const r of await runHot<{ id: string; partner: string }>(trx, texts(dialect).attempts, [now, ...rowsSourceParams(dialect, ATTEMPT_COLUMNS.length, rows)])) {
      const i = first.get(deliveryKey(r.id, r.partner));
      if (i !== undefined) applied.add(i);
    }
  }
  for (const [i, { id, partner, attempt: a }] of writes.entries()) {
    if (first.size <= 1 || first.get(deliveryKey(id, partner)) !== i) {
      const next = nextOf(a);
      const params: unknown[] = [
        a.httpStatus ?? null, a.error ?? null, next, next === 'dead' ? (a.reason ?? a.error ?? 'unknown') : null,
        next === 'pending' ? now + (a.nextDelayMs ?? 0) : null, now, id, partner,
      ];
      if (a.owner !== undefined) params.push(a.owner);
      if ((await runHotCount(trx, a.owner !== undefined ? texts(dialect).attemptFenced : texts(dialect).attempt, params)) > 0) applied.add(i);
    }
  }
  for (const [i, { id, partner, attempt: a }] of writes.entries()) {
    const next = nextOf(a);
    const detail = attemptDetail(partner, a);
    if (!applied.has(i)) {
      // The post was made all the same: it counts as an attempt, but decides nothing.
      detail.fenced = true;
      if ((await runHotCount(trx, texts(dialect).countOnly, [id, partner])) === 0) throw new StoreError('DELIVERY_NOT_FOUND', `no delivery of message ${id} to partner ${partner}`);
    }
    events.push({ messageId: id, type: 'delivery-attempt', at: now, detail });
    if (applied.has(i) && next === 'delivered') events.push({ messageId: id, type: 'delivered', at: now, detail: { partner, attempt: a.attempt } });
    if (applied.has(i) && next === 'dead') {
      events.push({ messageId: id, type: 'dead', at: now, detail: { partner, attempt: a.attempt, reason: a.reason ?? a.error ?? 'unknown' } });
    }
    if (applied.has(i) && next !== 'pending') settle.add(id);
  }
  await insertEvents(trx, events, dialect);
  if (settle.size > 0) await settleMessages(ctx, trx, [...settle], now);
}

/** Each message → dead when any of its deliveries is dead, → delivered when all are delivered; one statement. */
async function settleMessages(ctx: StoreContext, trx: Kysely<Database>, ids: readonly string[], now: number): Promise<void> {
  await runHot(trx, texts(ctx.dialect).settle, [now, idListParam(ctx.dialect, ids)]);
}

/** The settle statement's text (for the plan test). */
export const settleText = (dialect: Dialect): string => texts(dialect).settle;
/** The batch claim and attempt statements' texts (for the plan test). */
export const batchTexts = (dialect: Dialect): { claims: string; attempts: string } => ({ claims: texts(dialect).claims, attempts: texts(dialect).attempts });

/** A write of the delivery bookkeeping; many of them, from concurrent callers, share one transaction. */
export type DeliveryWrite =
  | { kind: 'routed'; id: string; partners: readonly string[] }
  | { kind: 'claim'; id: string; partner: string; owner: string; leaseMs: number }
  | { kind: 'attempt'; id: string; partner: string; attempt: AttemptRecord };

export type DeliveryWriteResult = ClaimResult | undefined;

/**
 * Runs the writes in order in ONE transaction (one fsync for the batch), each with the answer it
 * would have had alone: two claims on the same delivery in one batch give claimed, then busy.
 * Consecutive attempts are written together (recordAttempts).
 */
export async function runDeliveryWrites(ctx: StoreContext, writes: readonly DeliveryWrite[]): Promise<DeliveryWriteResult[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const results: DeliveryWriteResult[] = new Array(writes.length);
    // Consecutive writes of one kind go together, in submission order between the kinds.
    for (let start = 0; start < writes.length;) {
      const kind = writes[start]!.kind;
      let end = start + 1;
      while (end < writes.length && writes[end]!.kind === kind && kind !== 'routed') end++;
      const run = writes.slice(start, end);
      if (kind === 'attempt') await recordAttempts(ctx, trx, run as AttemptWrite[]);
      else if (kind === 'claim') (await claimDeliveries(ctx, trx, run as ClaimWrite[])).forEach((r, i) => { results[start + i] = r; });
      else await recordRouted(trx, writes[start]!.id, (writes[start] as Extract<DeliveryWrite, { kind: 'routed' }>).partners);
      start = end;
    }
    return results;
  });
}

type ClaimWrite = Extract<DeliveryWrite, { kind: 'claim' }>;

/**
 * A batch's claims: ONE statement claims every delivery it can (the first claim of each delivery in the batch);
 * the rest (a delivery claimed twice in the batch, one whose lease another holds, one already settled) go
 * through claimDelivery one by one, after it, so a second claim of one delivery finds the first's lease: busy.
 */
async function claimDeliveries(ctx: StoreContext, trx: Kysely<Database>, claims: readonly ClaimWrite[]): Promise<ClaimResult[]> {
  const results: (ClaimResult | undefined)[] = new Array(claims.length);
  const first = new Map<string, number>();
  claims.forEach((c, i) => { const k = deliveryKey(c.id, c.partner); if (!first.has(k)) first.set(k, i); });
  if (first.size > 1) {
    const now = Date.now();
    const rows = [...first.values()].map((i) => { const c = claims[i]!; return [c.id, c.partner, c.owner, now + c.leaseMs]; });
    const claimed = await runHot<ClaimedRow & { id: string; partner: string }>(trx, texts(ctx.dialect).claims, [now, ...rowsSourceParams(ctx.dialect, CLAIM_COLUMNS.length, rows), now]);
    for (const row of claimed) {
      const i = first.get(deliveryKey(row.id, row.partner));
      if (i !== undefined) results[i] = claimedResult(ctx, row.id, row);
    }
  }
  for (const [i, c] of claims.entries()) results[i] ??= await claimDelivery(ctx, trx, c.id, c.partner, c.owner, c.leaseMs);
  return results as ClaimResult[];
}

const deliveryKey = (id: string, partner: string): string => `${id}\u0000${partner}`;

function claimedResult(ctx: StoreContext, id: string, claimed: ClaimedRow): ClaimResult {
  const message: ClaimedMessage = {
    family: claimed.m_family, type: claimed.m_type, contentType: claimed.m_content_type,
    destinations: claimed.m_destinations ? claimed.m_destinations.split(',') : [],
    deliveries: toNumber(claimed.delivery_count),
    payload: decryptPayload(ctx.secrets, id, claimed.m_key_id, Buffer.from(claimed.m_payload)),
    ...(claimed.m_correlation_id !== null ? { correlationId: claimed.m_correlation_id } : {}),
  };
  return { state: 'claimed', attempts: toNumber(claimed.attempts), message };
}

function attemptDetail(partner: string, a: AttemptRecord): Record<string, unknown> {
  const d: Record<string, unknown> = { partner, attempt: a.attempt, outcome: a.outcome, durationMs: a.durationMs };
  if (a.httpStatus !== undefined) d.httpStatus = a.httpStatus;
  if (a.error !== undefined) d.error = a.error;
  if (a.reason !== undefined) d.reason = a.reason;
  if (a.nextDelayMs !== undefined) d.nextDelayMs = a.nextDelayMs;
  return d;
}
