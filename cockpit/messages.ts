// Message search (cursor paging over (received_at, id), newest first) and a message's detail.
import { sql } from 'kysely';
import { MESSAGE_STATUSES, toNumber, type MessageStatus, type Store } from '../store/index.ts';
import type { CockpitDb } from './tables.ts';
import { OpsError } from './errors.ts';
import { decodeCursor, encodeCursor, limitOf, listOf, optionalString, optionalTime } from './params.ts';
import { SUMMARY_COLUMNS, eventView, iso, messageSummary, type EventView, type MessageSummary } from './views.ts';
import { deadLettersOfMessage, type DeadLetter } from './dead-letters.ts';

export type { CockpitDb } from './tables.ts';

export interface MessageSearch {
  id?: string;
  partner?: string;
  sender?: string;
  destination?: string;
  family?: string;
  type?: string;
  status?: MessageStatus[];
  correlationId?: string;
  from?: number;
  to?: number;
  limit: number;
  after?: { receivedAt: number; id: string };
}

export function parseMessageSearch(q: Record<string, unknown>): MessageSearch {
  const cursor = decodeCursor(q.cursor, 'query.cursor', ['number', 'string']);
  const s: MessageSearch = { limit: limitOf(q.limit, 'query.limit', 50) };
  for (const key of ['id', 'partner', 'sender', 'destination', 'family', 'type', 'correlationId'] as const) {
    const v = optionalString(q[key], `query.${key}`);
    if (v !== undefined) s[key] = v;
  }
  const status = listOf(q.status, 'query.status', MESSAGE_STATUSES);
  if (status) s.status = status;
  const from = optionalTime(q.from, 'query.from');
  const to = optionalTime(q.to, 'query.to');
  if (from !== undefined) s.from = from;
  if (to !== undefined) s.to = to;
  if (cursor) s.after = { receivedAt: cursor[0] as number, id: cursor[1] as string };
  return s;
}

/** `,a,b,` LIKE `%,name,%`, with LIKE's wildcards in the name escaped. */
export function destinationMatch(column: string, name: string) {
  const pattern = `%,${name.replace(/[\\%_]/g, (c) => `\\${c}`)},%`;
  return sql<boolean>`(',' || ${sql.ref(column)} || ',') like ${pattern} escape '\\'`;
}

export async function searchMessages(db: CockpitDb, s: MessageSearch): Promise<{ items: MessageSummary[]; nextCursor: string | null }> {
  let q = db.selectFrom('messages').select(SUMMARY_COLUMNS);
  if (s.id) q = q.where('id', '=', s.id);
  if (s.sender) q = q.where('sender_partner', '=', s.sender);
  if (s.destination) q = q.where(destinationMatch('destinations', s.destination));
  if (s.partner) {
    const p = s.partner;
    q = q.where((eb) => eb.or([eb('sender_partner', '=', p), destinationMatch('destinations', p)]));
  }
  if (s.family) q = q.where('family', '=', s.family);
  if (s.type) q = q.where('type', '=', s.type);
  if (s.status) q = q.where('status', 'in', s.status);
  if (s.correlationId) q = q.where('correlation_id', '=', s.correlationId);
  if (s.from !== undefined) q = q.where('received_at', '>=', s.from);
  if (s.to !== undefined) q = q.where('received_at', '<', s.to);
  if (s.after) {
    const { receivedAt, id } = s.after;
    q = q.where((eb) => eb.or([eb('received_at', '<', receivedAt), eb.and([eb('received_at', '=', receivedAt), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(s.limit + 1).execute();
  const page = rows.slice(0, s.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(messageSummary),
    nextCursor: rows.length > s.limit && last ? encodeCursor([toNumber(last.received_at), last.id]) : null,
  };
}

export interface DeliveryView {
  destination: string;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  reason: string | null;
  updatedAt: string;
  held: boolean;
}

export interface MessageDetail {
  message: MessageSummary;
  deliveries: DeliveryView[];
  events: EventView[];
  parent: MessageSummary | null;
  children: MessageSummary[];
  deadLetters: DeadLetter[];
  payloadViewable: boolean;
}

export async function findSummary(db: CockpitDb, id: string): Promise<MessageSummary | undefined> {
  const row = await db.selectFrom('messages').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : messageSummary(row);
}

export async function messageDetail(store: Store, db: CockpitDb, id: string, mayViewPayload: boolean): Promise<MessageDetail> {
  const message = await findSummary(db, id);
  if (!message) throw new OpsError(404, 'message-not-found', `no message ${id}`);
  const [deliveries, events, children, deadLetters, parent] = await Promise.all([
    db.selectFrom('deliveries as d')
      .leftJoin('cockpit_marks as k', (j) => j.onRef('k.message_id', '=', 'd.message_id').onRef('k.destination', '=', 'd.partner'))
      .select(['d.partner', 'd.status', 'd.attempts', 'd.last_http_status', 'd.last_error', 'd.reason', 'd.updated_at', 'k.state'])
      .where('d.message_id', '=', id).orderBy('d.partner').execute(),
    store.events(id),
    db.selectFrom('messages').select(SUMMARY_COLUMNS).where('parent_id', '=', id).orderBy('received_at').orderBy('id').limit(500).execute(),
    deadLettersOfMessage(db, id),
    message.parentId ? findSummary(db, message.parentId) : Promise.resolve(undefined),
  ]);
  return {
    message,
    deliveries: deliveries.map((d) => ({
      destination: d.partner,
      status: d.status,
      attempts: toNumber(d.attempts),
      lastHttpStatus: d.last_http_status === null ? null : toNumber(d.last_http_status),
      lastError: d.last_error,
      reason: d.reason,
      updatedAt: iso(d.updated_at),
      held: d.state === 'held',
    })),
    events: events.map(eventView),
    parent: parent ?? null,
    children: children.map(messageSummary),
    deadLetters,
    payloadViewable: mayViewPayload && !message.purged,
  };
}

