// Timestamps are stored as epoch milliseconds (bigint). pg returns int8 as a string, better-sqlite3 as a number.

export type DbInt = number | string | bigint;

export function toNumber(v: DbInt): number {
  return typeof v === 'number' ? v : Number(v);
}

export function toDate(v: DbInt): Date {
  return new Date(toNumber(v));
}

export function toOptionalDate(v: DbInt | null): Date | undefined {
  return v === null ? undefined : toDate(v);
}
