// Reading operator input: every fault names the parameter (query.from, body.ids[3]) and never echoes a BSN.
import { OpsError } from './errors.ts';

export type Source = 'query' | 'body';

const NAME = /^[A-Za-z0-9_.:-]{1,200}$/;

export function optionalString(raw: unknown, path: string, code = 'bad-query'): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !NAME.test(raw)) throw new OpsError(400, code, `${path} must be 1 to 200 letters, digits or . _ : -`, path);
  return raw;
}

/** ISO 8601 or epoch milliseconds. */
export function optionalTime(raw: unknown, path: string, code = 'bad-query'): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string') {
    if (/^\d{1,15}$/.test(raw)) return Number(raw);
    const t = Date.parse(raw);
    if (!Number.isNaN(t) && /^\d{4}-\d{2}-\d{2}/.test(raw)) return t;
  }
  throw new OpsError(400, code, `${path} must be an ISO 8601 time (2026-03-01T12:00:00Z) or epoch milliseconds`, path);
}

export function optionalBool(raw: unknown, path: string, code = 'bad-query'): boolean | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  throw new OpsError(400, code, `${path} must be true or false`, path);
}

export function limitOf(raw: unknown, path: string, fallback: number, max = 500, code = 'bad-query'): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new OpsError(400, code, `${path} must be a whole number from 1 to ${max}`, path);
  return n;
}

export function oneOf<T extends string>(raw: unknown, path: string, allowed: readonly T[], code = 'bad-query'): T | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new OpsError(400, code, `${path} must be one of ${allowed.join(', ')}`, path);
  return raw as T;
}

export function listOf<T extends string>(raw: unknown, path: string, allowed: readonly T[], code = 'bad-query'): T[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new OpsError(400, code, `${path} must be a comma-separated list`, path);
  return raw.split(',').map((v, i) => oneOf(v.trim(), `${path}[${i}]`, allowed, code)!);
}

/** Opaque cursor: base64url of a JSON array of primitives. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(raw: unknown, path: string, shape: readonly ('string' | 'number')[]): (string | number)[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const bad = () => new OpsError(400, 'bad-query', `${path} is not a cursor this list gave out`, path);
  if (typeof raw !== 'string' || raw.length > 1000) throw bad();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(values) || values.length !== shape.length || values.some((v, i) => typeof v !== shape[i])) throw bad();
  return values as (string | number)[];
}

export function asObject(raw: unknown, path: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new OpsError(400, 'bad-body', `${path} must be a JSON object`, path);
  return raw as Record<string, unknown>;
}
