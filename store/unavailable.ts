// The store cannot read or write right now: the database is down, restarting or failing over, refuses
// writes (read-only, disk full, locked by another process), or our connection was cut. Not the message's
// fault: ingest answers 503 and the sender retries; delivery tries again later; loops log and go on.
// Everything else a driver throws (a constraint, a syntax error, a bug) is not this.

/** Thrown by `asStoreUnavailable` in place of a driver error that means "try again later". */
export class StoreUnavailable extends Error {
  readonly code = 'store-unavailable';
  /** The driver's code (SQLSTATE, SQLITE_*, a socket error code), safe to log: never message content. */
  readonly driverCode: string;

  readonly #driverError: unknown;

  constructor(driverCode: string, driverError: unknown) {
    // Not `cause`: the driver's error (and its stack) would be logged with it. An expected condition needs
    // neither stack: the code says it all, and stack frames are noise in every log line of an outage.
    super(`store unavailable (${driverCode})`);
    this.name = 'StoreUnavailable';
    this.driverCode = driverCode;
    this.#driverError = driverError;
    this.stack = `${this.name}: ${this.message}`;
  }

  /** The driver's own error, for debugging; never logged by default. */
  get driverError(): unknown {
    return this.#driverError;
  }
}

// SQLSTATE classes and codes of PostgreSQL that mean the database, not the statement, is the problem.
// 08: connection exception; 53: insufficient resources (53100 disk full); 57P01-57P05: admin shutdown,
// crash shutdown, cannot connect now, database dropped, idle session timeout; 58: system error (I/O);
// 25006: read-only transaction (a standby after a failover, default_transaction_read_only); 40001/40P01:
// serialization failure and deadlock (the transaction did not commit; trying again is the prescribed cure);
// 42501: insufficient privilege (writes revoked from the gateway's role); 55P03: lock not available.
const PG_CLASSES = ['08', '53', '57', '58'];
const PG_CODES = new Set(['25006', '40001', '40P01', '42501', '55P03', '25P03', '25P04']);
// Node socket errors and pg's own messages for a lost or never-made connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EADDRNOTAVAIL']);
const PG_CONNECTION_MESSAGES = [
  'Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error',
  'Client was closed and is not queryable', 'terminating connection', 'the database system is',
  'Cannot use a pool after calling end',
];
// SQLite: locked past our wait, read-only file or file system, disk full, I/O error, cannot open, out of memory.
const SQLITE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_NOMEM', 'SQLITE_PROTOCOL'];

/** The driver code of an error that means the store is unavailable, or undefined when it is something else. */
export function unavailableCode(err: unknown): string | undefined {
  if (err instanceof StoreUnavailable) return err.driverCode;
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code) && (PG_CLASSES.includes(code.slice(0, 2)) || PG_CODES.has(code))) return code;
    if (SOCKET_CODES.has(code)) return code;
    if (SQLITE_PREFIXES.some((p) => code.startsWith(p))) return code;
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((m) => message.includes(m))) return 'connection-lost';
  // AggregateError (a connect to several addresses) and errors wrapping a cause.
  const inner = (err as { cause?: unknown }).cause ?? (err as { errors?: unknown[] }).errors?.[0];
  return inner !== undefined && inner !== err ? unavailableCode(inner) : undefined;
}

export function isStoreUnavailable(err: unknown): boolean {
  return unavailableCode(err) !== undefined;
}

/** The error as a StoreUnavailable when it is one, else unchanged. */
export function asStoreUnavailable(err: unknown): unknown {
  const code = unavailableCode(err);
  return code === undefined || err instanceof StoreUnavailable ? err : new StoreUnavailable(code, err);
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  tries?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `work` again, with backoff, while it fails because the store is unavailable; for work that is safe to
 * repeat (a read, or a write transaction that either committed nothing or whose repeat is harmless). The last
 * error is thrown as a StoreUnavailable; any other error at once, unchanged.
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const tries = opts.tries ?? 4;
  let delay = opts.firstDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      if (attempt >= tries) throw asStoreUnavailable(err);
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 2_000);
    }
  }
}

/** What to log as `err`: a StoreUnavailable (short, no driver stack) for a store outage, else the error itself. */
export function loggable(err: unknown): unknown {
  return asStoreUnavailable(err);
}
