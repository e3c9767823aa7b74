// Dead letters: deliveries given up (deliveries.status 'dead', reason in deliveries.reason) and messages
// refused at ingest (messages.status 'dead' with messages.reason), minus those an operator resolved. Both
// sides are queried with the same filter and merged, so one list, one summary and one replay selection cover both.
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { toNumber } from '../store/index.ts';
import { PURGED_KEY_ID } from '../store/purge.ts';
import { OpsError } from './errors.ts';
import type { CockpitDb } from './tables.ts';
import { encodeCursor, optionalBool, optionalString, optionalTime, oneOf, type Source } from './params.ts';
import { iso } from './views.ts';

export type DeadKind = 'delivery' | 'refused';
export const DEAD_KINDS: readonly DeadKind[] = ['delivery', 'refused'];

export interface DeadFilter {
  kind?: DeadKind;
  partner?: string;
  sender?: string;
  destination?: string;
  family?: string;
  type?: string;
  reason?: string;
  from?: number;
  to?: number;
  held?: boolean;
}

export interface DeadLetter {
  key: string;
  messageId: string;
  kind: DeadKind;
  destination: string | null;
  sender: { partner: string; oin: string };
  family: string;
  type: string;
  correlationId: string | null;
  reason: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  receivedAt: string;
  deadAt: string;
  held: boolean;
  heldBy: string | null;
  purged: boolean;
}

/** A dead letter's key: '<messageId>/<destination>' or '<messageId>' for a refused message. */
export interface DeadRef { messageId: string; destination: string | null }

export function keyOf(ref: DeadRef): string {
  return ref.destination ? `${ref.messageId}/${ref.destination}` : ref.messageId;
}

const KEY = /^([A-Za-z0-9-]{1,64})(?:\/([A-Za-z0-9_-]{1,100}))?$/;

export function parseKey(raw: unknown, path: string): DeadRef {
  const m = typeof raw === 'string' ? KEY.exec(raw) : null;
  if (!m) throw new OpsError(400, 'bad-body', `${path} must be a message id or '<messageId>/<destination>'`, path);
  return { messageId: m[1]!, destination: m[2] ?? null };
}

export function parseDeadFilter(raw: Record<string, unknown>, source: Source, prefix = source as string): DeadFilter {
  const code = source === 'query' ? 'bad-query' : 'bad-body';
  const f: DeadFilter = {};
  const kind = oneOf(raw.kind, `${prefix}.kind`, DEAD_KINDS, code);
  if (kind) f.kind = kind;
  for (const key of ['partner', 'sender', 'destination', 'family', 'type', 'reason'] as const) {
    const v = optionalString(raw[key], `${prefix}.${key}`, code);
    if (v !== undefined) f[key] = v;
  }
  const from = optionalTime(raw.from, `${prefix}.from`, code);
  const to = optionalTime(raw.to, `${prefix}.to`, code);
  if (from !== undefined) f.from = from;
  if (to !== undefined) f.to = to;
  const held = optionalBool(raw.held, `${prefix}.held`, code);
  if (held !== undefined) f.held = held;
  const known = new Set(['kind', 'partner', 'sender', 'destination', 'family', 'type', 'reason', 'from', 'to', 'held', 'limit', 'cursor']);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new OpsError(400, code, `${prefix}.${k} is not a filter field`, `${prefix}.${k}`);
  return f;
}

/** Where a side keeps each column: the delivery side reads deliveries d + messages m, the refused side messages m. */
interface Side {
  kind: DeadKind;
  destination: Expression<string>;
  reason: string;
  deadAt: string;
}

const DELIVERY_SIDE: Side = { kind: 'delivery', destination: sql.ref<string>('d.partner'), reason: 'd.reason', deadAt: 'd.updated_at' };
const REFUSED_SIDE: Side = { kind: 'refused', destination: sql<string>`''`, reason: 'm.reason', deadAt: 'm.received_at' };

export interface DeadScope {
  /** Only dead letters that were dead at or before this time (a replay job's snapshot). */
  deadBefore?: number;
  /** A message's dead letters only. */
  messageId?: string;
  /** The job's keyset: after this (messageId, destination), in key order. */
  afterKey?: { messageId: string; destination: string };
  /** The list's keyset: after this (deadAt, messageId, destination), newest first. */
  afterRecent?: { deadAt: number; messageId: string; destination: string };
}

function conditions(side: Side, f: DeadFilter, scope: DeadScope): Expression<SqlBool>[] | null {
  if (f.kind && f.kind !== side.kind) return null;
  if (f.destination && side.kind === 'refused') return null;
  const c: Expression<SqlBool>[] = [];
  const eq = (col: string | Expression<string>, v: unknown) => sql<SqlBool>`${typeof col === 'string' ? sql.ref(col) : col} = ${v}`;
  if (f.sender) c.push(eq('m.sender_partner', f.sender));
  if (f.destination) c.push(eq(side.destination, f.destination));
  if (f.partner) c.push(side.kind === 'delivery' ? sql<SqlBool>`(m.sender_partner = ${f.partner} or d.partner = ${f.partner})` : eq('m.sender_partner', f.partner));
  if (f.family) c.push(eq('m.family', f.family));
  if (f.type) c.push(eq('m.type', f.type));
  if (f.reason) c.push(eq(side.reason, f.reason));
  if (f.from !== undefined) c.push(sql<SqlBool>`${sql.ref(side.deadAt)} >= ${f.from}`);
  if (f.to !== undefined) c.push(sql<SqlBool>`${sql.ref(side.deadAt)} < ${f.to}`);
  if (f.held === true) c.push(sql<SqlBool>`k.state = 'held'`);
  if (f.held === false) c.push(sql<SqlBool>`k.state is null`);
  if (scope.deadBefore !== undefined) c.push(sql<SqlBool>`${sql.ref(side.deadAt)} <= ${scope.deadBefore}`);
  if (scope.messageId) c.push(eq('m.id', scope.messageId));
  if (scope.afterKey) c.push(sql<SqlBool>`(m.id, ${side.destination}) > (${scope.afterKey.messageId}, ${scope.afterKey.destination})`);
  if (scope.afterRecent) {
    const a = scope.afterRecent;
    c.push(sql<SqlBool>`(${sql.ref(side.deadAt)}, m.id, ${side.destination}) < (${a.deadAt}, ${a.messageId}, ${a.destination})`);
  }
  return c;
}

// The two sides have different tables; past this point they are built from raw column references.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;

function base(db: CockpitDb, side: Side): AnySelect {
  if (side.kind === 'delivery') {
    return db.selectFrom('deliveries as d')
      .innerJoin('messages as m', 'm.id', 'd.message_id')
      .leftJoin('cockpit_marks as k', (j) => j.onRef('k.message_id', '=', 'd.message_id').onRef('k.destination', '=', 'd.partner'))
      .where('d.status', '=', 'dead')
      .where((eb) => eb.or([eb('k.state', 'is', null), eb('k.state', '=', 'held')])) as unknown as AnySelect;
  }
  return db.selectFrom('messages as m')
    .leftJoin('cockpit_marks as k', (j) => j.onRef('k.message_id', '=', 'm.id').on('k.destination', '=', ''))
    .where('m.status', '=', 'dead')
    .where('m.reason', 'is not', null)
    .where((eb) => eb.or([eb('k.state', 'is', null), eb('k.state', '=', 'held')])) as unknown as AnySelect;
}

interface DeadRow {
  message_id: string;
  destination: string;
  reason: string | null;
  attempts: number | string;
  last_http_status: number | string | null;
  last_error: string | null;
  dead_at: number | string;
  received_at: number | string;
  sender_partner: string;
  sender_oin: string;
  family: string;
  type: string;
  correlation_id: string | null;
  key_id: string;
  mark: string | null;
  mark_actor: string | null;
}

async function selectSide(db: CockpitDb, side: Side, f: DeadFilter, scope: DeadScope, order: 'recent' | 'key', limit: number): Promise<DeadRow[]> {
  const c = conditions(side, f, scope);
  if (c === null) return [];
  const deadAt = sql.ref<number>(side.deadAt);
  let q = base(db, side).select([
    'm.id as message_id',
    sql<string>`${side.destination}`.as('destination'),
    sql<string | null>`${sql.ref(side.reason)}`.as('reason'),
    (side.kind === 'delivery' ? sql<number>`d.attempts` : sql<number>`0`).as('attempts'),
    (side.kind === 'delivery' ? sql<number | null>`d.last_http_status` : sql<null>`null`).as('last_http_status'),
    (side.kind === 'delivery' ? sql<string | null>`d.last_error` : sql<null>`null`).as('last_error'),
    deadAt.as('dead_at'),
    'm.received_at as received_at', 'm.sender_partner as sender_partner', 'm.sender_oin as sender_oin', 'm.family as family', 'm.type as type',
    'm.correlation_id as correlation_id', 'm.key_id as key_id', 'k.state as mark', 'k.actor as mark_actor',
  ]);
  for (const cond of c) q = q.where(cond);
  // PostgreSQL refuses ORDER BY a constant, so the refused side (destination '') orders by the id alone.
  q = order === 'recent' ? q.orderBy(deadAt, 'desc').orderBy('m.id', 'desc') : q.orderBy('m.id');
  if (side.kind === 'delivery') q = q.orderBy('d.partner', order === 'recent' ? 'desc' : 'asc');
  return (await q.limit(limit).execute()) as unknown as DeadRow[];
}

function view(kind: DeadKind, r: DeadRow): DeadLetter {
  const ref = { messageId: r.message_id, destination: kind === 'delivery' ? r.destination : null };
  return {
    key: keyOf(ref),
    messageId: r.message_id,
    kind,
    destination: ref.destination,
    sender: { partner: r.sender_partner, oin: r.sender_oin },
    family: r.family,
    type: r.type,
    correlationId: r.correlation_id,
    reason: r.reason ?? 'unknown',
    attempts: toNumber(r.attempts),
    lastHttpStatus: r.last_http_status === null ? null : toNumber(r.last_http_status),
    lastError: r.last_error,
    receivedAt: iso(r.received_at),
    deadAt: iso(r.dead_at),
    held: r.mark === 'held',
    heldBy: r.mark === 'held' ? r.mark_actor : null,
    purged: r.key_id === PURGED_KEY_ID,
  };
}

export interface DeadPage { items: DeadLetter[]; nextCursor: string | null }

/** Newest dead first; the cursor is (deadAt, messageId, destination). */
export async function listDeadLetters(db: CockpitDb, f: DeadFilter, limit: number, after?: DeadScope['afterRecent']): Promise<DeadPage> {
  const scope: DeadScope = after ? { afterRecent: after } : {};
  const [d, r] = await Promise.all([
    selectSide(db, DELIVERY_SIDE, f, scope, 'recent', limit + 1),
    selectSide(db, REFUSED_SIDE, f, scope, 'recent', limit + 1),
  ]);
  const merged = [...d.map((x) => ({ kind: 'delivery' as const, row: x })), ...r.map((x) => ({ kind: 'refused' as const, row: x }))]
    .sort((a, b) => compareRecent(b.row, a.row));
  const page = merged.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((x) => view(x.kind, x.row)),
    nextCursor: merged.length > limit && last ? encodeCursor([toNumber(last.row.dead_at), last.row.message_id, last.row.destination]) : null,
  };
}

function compareRecent(a: DeadRow, b: DeadRow): number {
  return toNumber(a.dead_at) - toNumber(b.dead_at) || cmp(a.message_id, b.message_id) || cmp(a.destination, b.destination);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A page of dead letters in key order (messageId, destination), for a replay or purge walking a filter. */
export async function deadLettersInKeyOrder(db: CockpitDb, f: DeadFilter, scope: DeadScope, limit: number): Promise<DeadLetter[]> {
  const [d, r] = await Promise.all([
    selectSide(db, DELIVERY_SIDE, f, scope, 'key', limit),
    selectSide(db, REFUSED_SIDE, f, scope, 'key', limit),
  ]);
  return [...d.map((x) => view('delivery', x)), ...r.map((x) => view('refused', x))]
    .sort((a, b) => cmp(a.messageId, b.messageId) || cmp(a.destination ?? '', b.destination ?? ''))
    .slice(0, limit);
}

export async function deadLettersOfMessage(db: CockpitDb, messageId: string): Promise<DeadLetter[]> {
  return deadLettersInKeyOrder(db, {}, { messageId }, 1000);
}

export interface DeadGroup {
  kind: DeadKind;
  reason: string;
  count: number;
  held: number;
  oldest: string;
  newest: string;
  partners: { name: string; count: number }[];
}

export interface DeadSummary { total: number; held: number; groups: DeadGroup[] }

/** Grouped by (kind, reason): counts, held, oldest and newest; per partner (destination, or sender when refused). */
export async function summarizeDeadLetters(db: CockpitDb, f: DeadFilter, scope: DeadScope = {}): Promise<DeadSummary> {
  const rows: { kind: DeadKind; reason: string; partner: string; n: number; held: number; oldest: number; newest: number }[] = [];
  for (const side of [DELIVERY_SIDE, REFUSED_SIDE]) {
    const c = conditions(side, f, scope);
    if (c === null) continue;
    const partner = side.kind === 'delivery' ? sql.ref<string>('d.partner') : sql.ref<string>('m.sender_partner');
    const reason = sql<string>`coalesce(${sql.ref(side.reason)}, 'unknown')`;
    let q = base(db, side).select([
      reason.as('reason'),
      partner.as('partner'),
      sql<number | string>`count(*)`.as('n'),
      sql<number | string>`sum(case when k.state = 'held' then 1 else 0 end)`.as('held'),
      sql<number | string>`min(${sql.ref(side.deadAt)})`.as('oldest'),
      sql<number | string>`max(${sql.ref(side.deadAt)})`.as('newest'),
    ]);
    for (const cond of c) q = q.where(cond);
    const got = await q.groupBy([reason, partner]).execute();
    for (const g of got as unknown as { reason: string; partner: string; n: number | string; held: number | string | null; oldest: number | string; newest: number | string }[]) {
      rows.push({ kind: side.kind, reason: g.reason, partner: g.partner, n: toNumber(g.n), held: toNumber(g.held ?? 0), oldest: toNumber(g.oldest), newest: toNumber(g.newest) });
    }
  }
  const groups = new Map<string, DeadGroup & { o: number; nw: number }>();
  for (const r of rows) {
    const k = `${r.kind}\u0000${r.reason}`;
    let g = groups.get(k);
    if (!g) {
      g = { kind: r.kind, reason: r.reason, count: 0, held: 0, oldest: '', newest: '', partners: [], o: r.oldest, nw: r.newest };
      groups.set(k, g);
    }
    g.count += r.n;
    g.held += r.held;
    g.o = Math.min(g.o, r.oldest);
    g.nw = Math.max(g.nw, r.newest);
    g.partners.push({ name: r.partner, count: r.n });
  }
  const out = [...groups.values()].map(({ o, nw, ...g }) => ({
    ...g, oldest: iso(o), newest: iso(nw), partners: g.partners.sort((a, b) => b.count - a.count || cmp(a.name, b.name)),
  }));
  out.sort((a, b) => b.count - a.count || cmp(a.reason, b.reason));
  return { total: out.reduce((s, g) => s + g.count, 0), held: out.reduce((s, g) => s + g.held, 0), groups: out };
}
