// SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535; stay well under both.
const MAX_PARAMETERS = 8_000;

/** Splits rows so that one multi-row INSERT binds at most MAX_PARAMETERS values. */
export function chunkRows<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columnsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
