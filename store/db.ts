import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Dialect as KyselyDialect, Driver, SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { StoreError } from './errors.ts';
import { WalSync } from './wal-sync.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface ConnectOptions {
  databaseUrl?: string;
  sqliteFile?: string;
  pgPoolSize?: number;
  /** FULL (default): every commit is fsynced, a 2xx survives a power cut. NORMAL (WAL): survives a process crash, not a power cut. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  logger?: Logger;
}

/**
 * What the store sent to the database since it opened (for the bench and /metrics): statements without the
 * transaction control, transactions begun explicitly, and statements that ran outside one (each is a
 * transaction of its own to the database).
 */
export interface StoreCounters { statements: number; transactions: number; autocommit: number }

export interface Connection {
  db: Kysely<Database>;
  counters: StoreCounters;
  dialect: Dialect;
  /** Where the data lives, without credentials: a file path or host/database. */
  location: string;
}

export const DEFAULT_SQLITE_FILE = 'data/ketenpoort.db';
export const DEFAULT_PG_POOL_SIZE = 10;
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;
const SQLITE_BUSY_WAIT_WHILE_LOCKED_MS = 500;

/** postgres://… or postgresql://… → PostgreSQL; sqlite:<path>, file:<path> or nothing → SQLite. */
export function connect(opts: ConnectOptions): Connection {
  const url = opts.databaseUrl?.trim();
  if (url !== undefined && url !== '') {
    if (/^postgres(ql)?:\/\//i.test(url)) return connectPostgres(url, opts);
    const sqlitePath = /^(sqlite|file):(.+)$/i.exec(url)?.[2];
    if (sqlitePath !== undefined) return connectSqlite(sqlitePath.replace(/^\/\//, ''), opts.sqliteSynchronous);
    throw new StoreError('CONFIG_INVALID', 'DATABASE_URL must start with postgres://, postgresql://, sqlite: or file:');
  }
  return connectSqlite(opts.sqliteFile ?? DEFAULT_SQLITE_FILE, opts.sqliteSynchronous);
}

function connectPostgres(url: string, opts: ConnectOptions): Connection {
  const max = opts.pgPoolSize ?? DEFAULT_PG_POOL_SIZE;
  if (!Number.isInteger(max) || max < 1) throw new StoreError('CONFIG_INVALID', 'PostgreSQL pool size must be a positive integer');
  // connectionTimeoutMillis: while the database is down a query fails after this instead of waiting for ever.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, Client: PreparingClient });
  // A connection the server ends (restart, failover, pg_terminate_backend) makes its client emit 'error'. The
  // pool listens only while a client is idle; a checked-out client without a listener of its own would crash
  // the process with an unhandled 'error' event. The query in flight fails (StoreUnavailable), the pool drops
  // the broken client on release and connects a new one for the next query.
  const lost = (err: Error) => opts.logger?.warn({ err }, 'postgres connection lost; the pool replaces it');
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const parsed = new URL(url);
  const counters: StoreCounters = { statements: 0, transactions: 0, autocommit: 0 };
  return {
    db: new Kysely<Database>({ dialect: countingDialect(new PostgresDialect({ pool }), counters) }),
    counters,
    dialect: 'postgres',
    location: `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
  };
}

const STATEMENT_CACHE_SIZE = 1_000;
/** Named prepared statements per PostgreSQL connection; texts beyond it run unnamed (parsed each time). */
const PG_NAMED_STATEMENTS_PER_CONNECTION = 300;

/**
 * Every parameterised statement becomes a named prepared statement of its connection (the name is a hash of
 * the text, so one name never means two texts): PostgreSQL parses and plans it once per connection instead
 * of on every call. pg remembers per connection which names it has prepared (after ParseComplete), so a new
 * connection prepares again. Capped per connection: texts that vary (an IN list of many lengths) must not
 * grow the server's memory without bound; the hot path's texts are fixed (store/sql.ts).
 */
class PreparingClient extends pg.Client {
  readonly #named = new Set<string>();
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && typeof args[2] !== 'function') {
      const name = `kp_${createHash('sha1').update(text).digest('base64url')}`;
      if (this.#named.has(name) || this.#named.size < PG_NAMED_STATEMENTS_PER_CONNECTION) {
        this.#named.add(name);
        return (super.query as unknown as (q: pg.QueryConfig) => never)({ name, text, values });
      }
    }
    return (super.query as unknown as (...a: unknown[]) => never)(...args);
  }
}

// Kysely's SQLite driver prepares every query anew; better-sqlite3 statements are reusable and
// calls are synchronous, so one cached statement per SQL text is safe and saves the prepare.
function cachePreparedStatements(database: BetterSqlite3.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, BetterSqlite3.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear(); // IN-lists of many lengths must not grow it forever
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

function connectSqlite(file: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Connection {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  // At startup a blocking wait is fine (another process may be creating the file or switching it to WAL)…
  const database = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  database.pragma('journal_mode = WAL');
  // FULL (a 2xx survives a power cut) is kept by fsyncing the log off the event loop after each commit
  // (store/wal-sync.ts); SQLite itself never fsyncs inside COMMIT.
  database.pragma('synchronous = NORMAL');
  const walSync = synchronous === 'FULL' ? new WalSync(path) : undefined;
  database.pragma('foreign_keys = ON');
  // …afterwards lock waits are done asynchronously (see retryingWhenBusy), never by SQLite's blocking busy handler.
  database.pragma('busy_timeout = 0');
  cachePreparedStatements(database);
  const counters: StoreCounters = { statements: 0, transactions: 0, autocommit: 0 };
  return { db: new Kysely<Database>({ dialect: countingDialect(new ImmediateSqliteDialect({ database }), counters, walSync) }), counters, dialect: 'sqlite', location: path };
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/** Makes committed writes durable after the driver's commit (SQLite: store/wal-sync.ts). */
interface Durability { flush(): Promise<void>; close(): Promise<void> }

const READ_ONLY = /^\s*(select|explain|pragma)\b/i;

/**
 * Counts what reaches the driver; the connection objects stay the driver's own (pg releases them by a private
 * symbol). With `durable`, a commit, and a write outside a transaction, resolve only once they are on disk.
 */
function countingDialect(inner: KyselyDialect, counters: StoreCounters, durable?: Durability): KyselyDialect {
  const inTransaction = new WeakSet<DatabaseConnection>();
  /** Connections that committed a write since they were acquired. */
  const unflushed = new WeakSet<DatabaseConnection>();
  const counted = new WeakSet<DatabaseConnection>();
  const count = (conn: DatabaseConnection): DatabaseConnection => {
    if (counted.has(conn)) return conn;
    counted.add(conn);
    const execute = conn.executeQuery.bind(conn);
    conn.executeQuery = ((query: CompiledQuery) => {
      if (!TRANSACTION_CONTROL.test(query.sql)) {
        counters.statements++;
        if (!inTransaction.has(conn)) {
          counters.autocommit++;
          if (durable && !READ_ONLY.test(query.sql)) unflushed.add(conn);
        }
      }
      return execute(query);
    }) as DatabaseConnection['executeQuery'];
    return conn;
  };
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => {
      const driver = inner.createDriver();
      return {
        init: () => driver.init(),
        acquireConnection: async () => count(await driver.acquireConnection()),
        beginTransaction: async (conn, settings) => { counters.transactions++; inTransaction.add(conn); await driver.beginTransaction(conn, settings); },
        commitTransaction: async (conn) => {
          inTransaction.delete(conn);
          await driver.commitTransaction(conn);
          if (durable) unflushed.add(conn);
        },
        rollbackTransaction: async (conn) => { inTransaction.delete(conn); await driver.rollbackTransaction(conn); },
        ...(driver.savepoint ? { savepoint: driver.savepoint.bind(driver) } : {}),
        ...(driver.rollbackToSavepoint ? { rollbackToSavepoint: driver.rollbackToSavepoint.bind(driver) } : {}),
        ...(driver.releaseSavepoint ? { releaseSavepoint: driver.releaseSavepoint.bind(driver) } : {}),
        // The flush waits after the release: the connection serves others meanwhile, and commits made while one
        // flush runs share the next.
        releaseConnection: async (conn) => {
          const flush = unflushed.delete(conn);
          await driver.releaseConnection(conn);
          if (flush) await durable!.flush();
        },
        destroy: async () => { await driver.destroy(); await durable?.close(); },
      };
    },
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so a transaction never has to
 * upgrade a read lock (which fails with SQLITE_BUSY whatever the timeout).
 *
 * Waiting for the lock happens here, asynchronously, instead of in SQLite's busy handler: better-sqlite3 runs
 * the busy handler on the JavaScript thread, so a blocked writer would freeze the event loop, and when two
 * connections live in one process it would also block the very transaction it is waiting for.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: BetterSqlite3.Database;
  #wrapped: DatabaseConnection | undefined;
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    super(config);
    this.#database = config.database;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.#wrapped ??= retryingWhenBusy(inner, this.#database);
    return this.#wrapped;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  // SQLite rolls a transaction back by itself after some errors (SQLITE_IOERR, SQLITE_FULL, SQLITE_NOMEM: a
  // read-only or failed file, a full disk). A ROLLBACK then fails with "no transaction is active", and that
  // error would replace the one that says the store is unavailable (a 500 instead of a 503).
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#database.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

/**
 * Retries a statement that found the database locked, unless it runs inside a transaction (which holds the lock).
 *
 * The process has one connection, so a statement waiting for the lock holds up every other statement. Once a
 * wait has run out (another process holds the write lock: a backup, a shell, a second gateway), writes wait only
 * SQLITE_BUSY_WAIT_WHILE_LOCKED_MS until one gets through again, so callers hear StoreUnavailable (ingest: 503)
 * within seconds instead of queueing behind one another for ten seconds each.
 */
function retryingWhenBusy(inner: DatabaseConnection, database: BetterSqlite3.Database): DatabaseConnection {
  let lockedOut = false;
  return {
    async executeQuery<R>(query: CompiledQuery) {
      const deadline = Date.now() + (lockedOut ? SQLITE_BUSY_WAIT_WHILE_LOCKED_MS : SQLITE_BUSY_TIMEOUT_MS);
      for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
        try {
          const result = await inner.executeQuery<R>(query);
          if (lockedOut && !/^\s*select\b/i.test(query.sql)) lockedOut = false;
          return result;
        } catch (err) {
          const busy = String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
          if (!busy || database.inTransaction) throw err;
          if (Date.now() + delay > deadline) {
            lockedOut = true;
            throw err;
          }
          await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
        }
      }
    },
    streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
  };
}
