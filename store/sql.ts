import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { Dialect } from './db.ts';

/**
 * Hot-path statements as fixed SQL text, not built by Kysely per call: the text is the same every time, so
 * better-sqlite3 reuses its prepared statement (db.ts caches them by text) and PostgreSQL its named one (db.ts
 * names every statement by its text). Written with `?` placeholders; on PostgreSQL they become `$1…$n`.
 * Never put a `?` inside a literal of such a text.
 */
export function hotSql(dialect: Dialect, text: string): string {
  if (dialect === 'sqlite') return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The dialect a Kysely instance (the store, or a transaction of it) speaks, for a feature's fixed texts. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A feature's fixed texts per dialect, made once: `texts(dialectOf(db))`. */
export function fixedTexts<T>(make: (dialect: Dialect) => T): (dialect: Dialect) => T {
  const made = new Map<Dialect, T>();
  return (dialect) => {
    let texts = made.get(dialect);
    if (texts === undefined) made.set(dialect, (texts = make(dialect)));
    return texts;
  };
}

/** Runs a fixed statement (see hotSql) in `db` (a transaction or the pool); the rows it returns. */
export async function runHot<R>(db: Kysely<any>, text: string, parameters: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(text, parameters as unknown[]));
  return result.rows as R[];
}

/** Affected rows of a fixed statement without RETURNING. */
export async function runHotCount(db: Kysely<any>, text: string, parameters: readonly unknown[]): Promise<number> {
  const result = await db.executeQuery(CompiledQuery.raw(text, parameters as unknown[]));
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * A column in a condition that must not choose the index (SQLite's unary `+`): SQLite, without statistics, would
 * otherwise search `status = 'received'` by the status index and filter the ids, instead of looking the ids up.
 */
export function notIndexed(dialect: Dialect, column: string): string {
  return dialect === 'sqlite' ? `+${column}` : column;
}

/**
 * A list of ids as ONE parameter, so the statement's text does not depend on the list's length:
 * PostgreSQL `= any(array)`, SQLite `in (select value from json_each(json))`.
 */
export function idListSql(dialect: Dialect, column: string): string {
  return dialect === 'postgres' ? `${column} = any(?::text[])` : `${column} in (select value from json_each(?))`;
}

export function idListParam(dialect: Dialect, ids: readonly string[]): unknown {
  return dialect === 'postgres' ? ids : JSON.stringify(ids);
}

/**
 * Rows as column arrays, bound as a fixed number of parameters whatever the row count: PostgreSQL
 * `select * from unnest($1::text[], $2::bigint[], …)`, SQLite `json_each` over one JSON array of row arrays.
 * `types` are PostgreSQL's element types, one per column (bytea is not supported on SQLite's path).
 */
export function rowsSourceSql(dialect: Dialect, types: readonly string[]): string {
  if (dialect === 'postgres') return `select * from unnest(${types.map((t) => `?::${t}[]`).join(', ')})`;
  // `where true`: before an ON CONFLICT, SQLite would read the clause as the select's join constraint without it.
  return `select ${types.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')} from json_each(?) where true`;
}

export function rowsSourceParams(dialect: Dialect, columns: number, rows: readonly (readonly unknown[])[]): unknown[] {
  if (dialect === 'sqlite') return [JSON.stringify(rows)];
  const out: unknown[][] = Array.from({ length: columns }, () => []);
  for (const row of rows) for (let i = 0; i < columns; i++) out[i]!.push(row[i] ?? null);
  return out;
}

/**
 * The same rows as a table named `src` with named columns, for `update … from` and joins: PostgreSQL
 * `unnest(…) as src(a, b)`, SQLite a `json_each` subquery with aliased columns. Bound with rowsSourceParams.
 */
export function namedRowsSource(dialect: Dialect, names: readonly string[], types: readonly string[]): string {
  if (dialect === 'postgres') return `unnest(${types.map((t) => `?::${t}[]`).join(', ')}) as src(${names.join(', ')})`;
  return `(select ${names.map((n, i) => `json_extract(value, '$[${i}]') as ${n}`).join(', ')} from json_each(?)) as src`;
}
