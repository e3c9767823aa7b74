import { rowsSourceSql, type Dialect } from '../store/index.ts';

/**
 * The store's rows source (one fixed text for any number of rows) for an `insert … select … on conflict`:
 * SQLite reads the ON CONFLICT as the select's join constraint unless the select has a WHERE.
 */
export function rowsSource(dialect: Dialect, types: readonly string[]): string {
  return `${rowsSourceSql(dialect, types)}${dialect === 'sqlite' ? ' where true' : ''}`;
}
