import type { Kysely } from 'kysely';
import { chunkRows } from './chunks.ts';
import type { StoreContext } from './context.ts';
import type { Dialect } from './db.ts';
import { fixedTexts, hotSql, rowsSourceParams, rowsSourceSql, runHot } from './sql.ts';
import { StoreError, isForeignKeyViolation } from './errors.ts';
import type { Database } from './schema.ts';
import { toDate, toNumber } from './time.ts';
import type { MessageEvent } from './types.ts';

export interface EventRow {
  messageId: string;
  type: string;
  at: number;
  detail?: Record<string, unknown>;
}

const EVENT_TYPES = ['text', 'bigint', 'text', 'text'] as const;
const eventInsert = fixedTexts((dialect) => hotSql(dialect, `insert into message_events (message_id, at, type, detail) ${rowsSourceSql(dialect, EVENT_TYPES)}`));

/**
 * Inside a caller's transaction. Event details must never hold a BSN, a name or a payload.
 * With `dialect`: ONE statement of fixed text for any number of rows (see store/sql.ts), in the rows' order.
 */
export async function insertEvents(db: Kysely<Database>, rows: readonly EventRow[], dialect?: Dialect): Promise<void> {
  if (rows.length === 0) return;
  if (dialect !== undefined) {
    const values = rows.map((e) => [e.messageId, e.at, e.type, e.detail === undefined ? null : JSON.stringify(e.detail)]);
    await runHot(db, eventInsert(dialect), rowsSourceParams(dialect, EVENT_TYPES.length, values));
    return;
  }
  for (const chunk of chunkRows(rows, 4)) {
    await db
      .insertInto('message_events')
      .values(
        chunk.map((e) => ({
          message_id: e.messageId,
          at: e.at,
          type: e.type,
          detail: e.detail === undefined ? null : JSON.stringify(e.detail),
        })),
      )
      .execute();
  }
}

export async function addEvent(ctx: StoreContext, id: string, type: string, detail?: Record<string, unknown>): Promise<void> {
  try {
    await insertEvents(ctx.db, [{ messageId: id, type, at: Date.now(), ...(detail === undefined ? {} : { detail }) }]);
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new StoreError('MESSAGE_NOT_FOUND', `message ${id} does not exist`);
    throw err;
  }
}

/** In the order they were written. */
export async function listEvents(ctx: StoreContext, id: string): Promise<MessageEvent[]> {
  const rows = await ctx.db
    .selectFrom('message_events')
    .select(['seq', 'message_id', 'at', 'type', 'detail'])
    .where('message_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((r) => {
    const event: MessageEvent = { seq: toNumber(r.seq), messageId: r.message_id, at: toDate(r.at), type: r.type };
    if (r.detail !== null) event.detail = JSON.parse(r.detail) as Record<string, unknown>;
    return event;
  });
}
