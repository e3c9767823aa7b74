// The statements of an uitvallijst import (pgb/import.ts): its reconciled rows are appended to
// pgb_import_rows in short transactions while the file is read, then merged into pgb_items set-based, in
// chunks of one transaction. Fixed SQL texts (store/sql.ts hotSql): prepared once per connection, not built
// per row by the query builder.
import type { Kysely } from 'kysely';
import { hotSql, runHotCount, type Store } from '../store/index.ts';

type Dialect = Store['dialect'];

/** One staged row, in STAGED_COLUMNS order. */
export type StagedRow = unknown[];

export const STAGED_COLUMNS = [
  'import_id', 'seq', 'id', 'row_key', 'row_number', 'bsn_hash', 'bsn_key_id', 'bsn_blob', 'afzender', 'budget_id', 'row_budget_id',
  'match', 'weak', 'diagnosis', 'detail', 'zorgfunctie', 'periode_begin', 'periode_einde', 'bedrag', 'svb_reden',
] as const;

/** Rows per INSERT: 20 parameters a row stays far below both databases' limits on parameters. */
export const ROWS_PER_STATEMENT = 250;

const insertTexts = new Map<string, string>();

function stageText(dialect: Dialect, rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const one = `(${STAGED_COLUMNS.map(() => '?').join(', ')})`;
    text = hotSql(dialect, `insert into pgb_import_rows (${STAGED_COLUMNS.join(', ')}) values ${Array.from({ length: rows }, () => one).join(', ')}`);
    insertTexts.set(key, text);
  }
  return text;
}

/** Appends rows (in one transaction the caller holds) with as few statements as ROWS_PER_STATEMENT allows. */
export async function stageRows(trx: Kysely<any>, dialect: Dialect, rows: readonly StagedRow[]): Promise<void> {
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const part = rows.slice(from, from + ROWS_PER_STATEMENT);
    await runHotCount(trx, stageText(dialect, part.length), part.flat());
  }
}

const personsText = (dialect: Dialect) => hotSql(dialect, `insert into pgb_budgethouders (bsn_hash, bsn_key_id, bsn_blob, gevolgd, updated_at)
  select bsn_hash, bsn_key_id, bsn_blob, 0, cast(? as bigint) from pgb_import_rows
  where import_id = ? and seq >= ? and seq < ? and bsn_blob is not null
  on conflict (bsn_hash) do nothing`);

/**
 * The same uitval twice in one list: the later row wins. SQLite applies the rows in seq order, so a later
 * one updates the item the earlier one inserted; PostgreSQL refuses to touch a row twice in one statement,
 * so there only the last row of each row_key in the chunk is taken (a later chunk may still update it).
 */
const itemsText = (dialect: Dialect) => hotSql(dialect, `insert into pgb_items (id, row_key, source, import_id, last_import_id, row_number, bsn_hash,
    afzender, budget_id, row_budget_id, match, weak, diagnosis, detail, action, zorgfunctie, periode_begin, periode_einde, bedrag, svb_reden,
    status, created_at, updated_at)
  select ${dialect === 'postgres' ? 'distinct on (row_key)' : ''} id, row_key, 'uitvallijst', import_id, import_id, row_number, bsn_hash,
    afzender, budget_id, row_budget_id, match, weak, diagnosis, detail, '', zorgfunctie, periode_begin, periode_einde, bedrag, svb_reden,
    'open', cast(? as bigint), cast(? as bigint)
  from pgb_import_rows where import_id = ? and seq >= ? and seq < ?
  order by ${dialect === 'postgres' ? 'row_key, seq desc' : 'seq'}
  on conflict (row_key) do update set
    last_import_id = excluded.last_import_id, row_number = excluded.row_number, afzender = excluded.afzender,
    budget_id = excluded.budget_id, match = excluded.match, weak = excluded.weak, diagnosis = excluded.diagnosis,
    detail = excluded.detail, bedrag = excluded.bedrag, svb_reden = excluded.svb_reden, updated_at = excluded.updated_at,
    status = case when pgb_items.status = 'opgelost' then 'open' else pgb_items.status end,
    status_by = case when pgb_items.status = 'opgelost' then 'ketenpoort' else pgb_items.status_by end,
    status_at = case when pgb_items.status = 'opgelost' then cast(? as bigint) else pgb_items.status_at end,
    closed_reason = case when pgb_items.status = 'opgelost' then 'weer-op-lijst' else pgb_items.closed_reason end`);

/** Merges staged rows [from, to) of an import into pgb_budgethouders and pgb_items (the "uitval is back" reopening included). */
export async function mergeStaged(trx: Kysely<any>, dialect: Dialect, importId: string, at: number, from: number, to: number): Promise<void> {
  await runHotCount(trx, personsText(dialect), [at, importId, from, to]);
  await runHotCount(trx, itemsText(dialect), [at, at, importId, from, to, at]);
}

/** Deletes staged rows [from, to) of an import. */
export async function dropStaged(db: Kysely<any>, dialect: Dialect, importId: string, from: number, to: number): Promise<number> {
  return runHotCount(db, hotSql(dialect, 'delete from pgb_import_rows where import_id = ? and seq >= ? and seq < ?'), [importId, from, to]);
}

/** Deletes what imports that ended without cleaning up (a crash) left staged: import ids are UUIDv7, ordered by time. */
export async function dropStagedBefore(db: Kysely<any>, dialect: Dialect, importIdBound: string): Promise<number> {
  return runHotCount(db, hotSql(dialect, 'delete from pgb_import_rows where import_id < ?'), [importIdBound]);
}

/** PostgreSQL: one import merges at a time (its closing of "gone" items must see the other's items). SQLite's write lock does this already. */
export async function lockImports(trx: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await runHotCount(trx, "select pg_advisory_xact_lock(hashtext('ketenpoort:pgb-import'))", []);
}
