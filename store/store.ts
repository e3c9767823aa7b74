import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { StoreContext } from './context.ts';
import { bsnHash, decryptPayload, encryptPayload } from './crypto.ts';
import { connect, type StoreCounters } from './db.ts';
import { StoreError } from './errors.ts';
import { addEvent, listEvents } from './events.ts';
import { GroupCommitter } from './group-commit.ts';
import { asStoreUnavailable, isStoreUnavailable, retryWhileUnavailable } from './unavailable.ts';
import { runDeliveryWrites, type DeliveryWrite, type DeliveryWriteResult } from './deliveries.ts';
import {
  countByStatus, findByBsn, findByDedupKey, findUnpublished, getMeta, insertMessageBatch, isTransactionConflict, markPublishedBatch, prepareMessage,
  readPayload,
} from './messages.ts';
import type { InsertResult, PreparedMessage, PublishResult } from './messages.ts';
import { MIGRATIONS, migrate, type Migration } from './migrations/index.ts';
import { assertValidSecrets } from './secrets.ts';
import type { StoreSecrets } from './secrets.ts';
import type { Database } from './schema.ts';
import type {
  AttemptRecord, ClaimResult, MessageEvent, MessageMeta, MessageStatus, NewMessage, Store,
} from './types.ts';

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite. */
  databaseUrl?: string;
  /** Default data/ketenpoort.db. */
  sqliteFile?: string;
  secrets: StoreSecrets;
  logger?: Logger;
  /** PostgreSQL connection pool size, default 10. */
  pgPoolSize?: number;
  /** Largest group-commit batch, default 256. */
  maxBatch?: number;
  /** SQLite only: FULL (default, fsync per commit) or NORMAL (WAL; survives a process crash, not a power cut). */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /**
   * Migrations of other parts of the gateway (subscriptions, cockpit, …), applied after the store's own.
   * Ids must be prefixed with the part's name ('subscriptions/001-volgindicaties') and never change.
   */
  migrations?: readonly Migration[];
}

const DEFAULT_MAX_BATCH = 256;
const PUBLISH_MARK_DELAY_MS = 20;
/** After a failed mark transaction (the database away): not a tight loop of failing transactions. */
const PUBLISH_MARK_RETRY_MS = 1_000;
/** How long a failed write keeps ping() failing when no write has succeeded since. */
const WRITE_FAILURE_MEMORY_MS = 10_000;
/** Caps the encrypted payload bytes of one insert batch, so large messages never build a huge statement. */
const MAX_BATCH_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** Connects, applies migrations, and returns the store. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  assertValidSecrets(opts.secrets);
  const conn = connect(opts);
  const ctx: StoreContext = { db: conn.db, dialect: conn.dialect, secrets: opts.secrets, counters: conn.counters, ...(opts.logger ? { logger: opts.logger } : {}) };
  try {
    await migrate(conn.db, conn.dialect, opts.logger, [...MIGRATIONS, ...assertPrefixed(opts.migrations ?? [])]);
  } catch (err) {
    await conn.db.destroy().catch(() => undefined);
    throw err;
  }
  opts.logger?.info({ dialect: conn.dialect, location: conn.location }, 'store opened');
  return new KyselyStore(ctx, opts.maxBatch ?? DEFAULT_MAX_BATCH);
}

const CONFLICT_TRIES = 4;

/** PostgreSQL's prescribed cure for 40P01/40001: run the transaction again, after a short random pause. */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= CONFLICT_TRIES) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

function assertPrefixed(migrations: readonly Migration[]): readonly Migration[] {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (!/^[a-z0-9-]+\/[A-Za-z0-9._-]+$/.test(m.id)) throw new StoreError('CONFIG_INVALID', `migration id ${m.id} must be '<part>/<name>'`);
    if (ids.has(m.id)) throw new StoreError('CONFIG_INVALID', `migration id ${m.id} is listed twice`);
    ids.add(m.id);
  }
  return migrations;
}

class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly #ctx: StoreContext;
  readonly #inserts: GroupCommitter<PreparedMessage, InsertResult>;
  readonly #publishes: GroupCommitter<string, PublishResult>;
  readonly #deliveryWrites: GroupCommitter<DeliveryWrite, DeliveryWriteResult>;
  readonly #featureWrites: GroupCommitter<(trx: Kysely<any>) => Promise<unknown>, unknown>;
  /** Publish marks waiting to join the next insert transaction. */
  #publishMarks: string[] = [];
  #publishMarkTimer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  /** The last write batch that failed because the store was unavailable, until one succeeds. */
  #writeFailure: { at: number; err: unknown } | undefined;

  constructor(ctx: StoreContext, maxBatch: number) {
    this.#featureWrites = new GroupCommitter({
      name: 'featureWrites',
      maxBatch,
      // Tried again whole only after a deadlock or serialization failure (nothing of it committed); any other
      // failure is not repeated here (the closures are only known to be safe to run again alone).
      runBatch: (writes) => retryOnConflict(() => ctx.db.transaction().execute(async (trx) => {
        const results: unknown[] = [];
        for (const write of writes) results.push(await write(trx));
        return results;
      })),
      ...(ctx.logger ? { logger: ctx.logger } : {}),
    });
    this.#ctx = ctx;
    this.dialect = ctx.dialect;
    const logger = ctx.logger ? { logger: ctx.logger } : {};
    this.#inserts = new GroupCommitter({
      name: 'insertMessage',
      maxBatch,
      maxBatchWeight: MAX_BATCH_PAYLOAD_BYTES,
      weightOf: (m) => m.row.payload.length,
      runBatch: async (items) => {
        const marks = this.#publishMarks.splice(0);
        let busy: string[] = [];
        try {
          const results = await this.#writing(() => insertMessageBatch(ctx, items, marks, (r) => { busy = marks.filter((_, i) => r[i] === 'busy'); }));
          // Rows a delivery held at that moment: marked with a later batch (the delivery may settle them first).
          this.#markAgain(busy);
          return results;
        } catch (err) {
          this.#publishMarks.unshift(...marks);
          this.#schedulePublishMarks();
          throw err;
        }
      },
      ...logger,
    });
    this.#publishes = new GroupCommitter({
      name: 'markPublished',
      maxBatch,
      runBatch: (ids) => this.#writing(() => markPublishedBatch(ctx, ids)),
      ...logger,
    });
    this.#deliveryWrites = new GroupCommitter({
      name: 'deliveryWrites',
      maxBatch,
      runBatch: (writes) => this.#writing(() => runDeliveryWrites(ctx, writes)),
      ...logger,
    });
  }

  tables<T>(): Kysely<Database & T> {
    this.#assertOpen();
    return this.#ctx.db as unknown as Kysely<Database & T>;
  }

  writeBatched<T, R>(write: (trx: Kysely<Database & T>) => Promise<R>): Promise<R> {
    this.#assertOpen();
    return this.#featureWrites.submit(write as (trx: Kysely<any>) => Promise<unknown>) as Promise<R>;
  }

  counters(): StoreCounters {
    return { ...this.#ctx.counters };
  }

  bsnHash(bsn: string): string {
    return bsnHash(this.#ctx.secrets.bsnHmacKey, bsn);
  }

  seal(aad: string, plaintext: Buffer): { keyId: string; blob: Buffer } {
    return encryptPayload(this.#ctx.secrets, aad, plaintext);
  }

  unseal(aad: string, keyId: string, blob: Buffer): Buffer {
    return decryptPayload(this.#ctx.secrets, aad, keyId, blob);
  }

  readonly #exclusiveHere = new Set<string>();

  async exclusive<R>(name: string, work: () => Promise<R>): Promise<R | undefined> {
    this.#assertOpen();
    if (this.#exclusiveHere.has(name)) return undefined;
    this.#exclusiveHere.add(name);
    try {
      if (this.dialect === 'sqlite') return await work();
      // The lock belongs to one connection (session), held while `work` uses the pool's others.
      return await this.#ctx.db.connection().execute(async (conn) => {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${`ketenpoort.${name}`})) as locked`.execute(conn);
        if (!rows[0]?.locked) return undefined;
        try {
          return await work();
        } finally {
          await sql`select pg_advisory_unlock(hashtext(${`ketenpoort.${name}`}))`.execute(conn);
        }
      });
    } finally {
      this.#exclusiveHere.delete(name);
    }
  }

  /** Reads, and (for WRITE_FAILURE_MEMORY_MS) whether the last write batch failed because the store was unavailable. */
  async ping(): Promise<void> {
    this.#assertOpen();
    await sql`select 1`.execute(this.#ctx.db);
    const failure = this.#writeFailure;
    if (failure !== undefined && Date.now() - failure.at < WRITE_FAILURE_MEMORY_MS) throw failure.err;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#publishMarkTimer) clearTimeout(this.#publishMarkTimer);
      this.#publishMarkTimer = undefined;
      const marks = this.#publishMarks.splice(0);
      if (marks.length > 0) await this.#publishes.submitAll(marks).catch(() => undefined);
      await Promise.all([this.#inserts.close(), this.#publishes.close(), this.#deliveryWrites.close(), this.#featureWrites.close()]);
      await this.#ctx.db.destroy();
    })();
    return this.#closing;
  }

  async insertMessage(m: NewMessage): Promise<InsertResult> {
    this.#assertOpen();
    const result = await this.#inserts.submit(prepareMessage(this.#ctx, m));
    if (result.failed !== undefined) throw result.failed;
    return result;
  }

  markPublishedSoon(id: string): void {
    if (this.#closing !== undefined) return; // the sweeper of the next start publishes it again; never a throw on the 202 path
    this.#publishMarks.push(id);
    this.#schedulePublishMarks();
  }

  // Under load an insert batch takes the marks within a millisecond; when ingest is idle they get a
  // transaction of their own after this delay.
  // A mark is kept until a transaction has made it: a message a delivery settles meanwhile is no longer
  // 'received', so the sweeper would never find it, and its published_at and 'published' event would be missing.
  #schedulePublishMarks(delayMs = PUBLISH_MARK_DELAY_MS): void {
    this.#publishMarkTimer ??= setTimeout(() => {
      this.#publishMarkTimer = undefined;
      const marks = this.#publishMarks.splice(0);
      if (marks.length === 0) return;
      this.#publishes.submitAll(marks).then((results) => {
        this.#markAgain(marks.filter((_, i) => results[i] === 'busy'));
      }).catch((err: Error) => {
        this.#ctx.logger?.error({ err }, 'publish marks failed; tried again');
        this.#markAgain(marks, PUBLISH_MARK_RETRY_MS);
      });
    }, delayMs);
    this.#publishMarkTimer.unref();
  }

  #markAgain(ids: readonly string[], delayMs = PUBLISH_MARK_DELAY_MS): void {
    if (ids.length === 0 || this.#closing !== undefined) return;
    this.#publishMarks.push(...ids);
    this.#schedulePublishMarks(delayMs);
  }

  async markPublished(id: string): Promise<void> {
    this.#assertOpen();
    const result = await this.#publishes.submit(id);
    if (result === 'not-found') throw new StoreError('MESSAGE_NOT_FOUND', `message ${id} does not exist`);
    if (result === 'busy') this.#markAgain([id]);
  }

  async findUnpublished(olderThan: Date, limit: number): Promise<MessageMeta[]> {
    this.#assertOpen();
    return this.#retrying(() => findUnpublished(this.#ctx, olderThan, limit));
  }

  async getMeta(id: string): Promise<MessageMeta | undefined> {
    this.#assertOpen();
    return this.#retrying(() => getMeta(this.#ctx, id));
  }

  async findByDedupKey(senderPartner: string, dedupKey: string): Promise<MessageMeta | undefined> {
    this.#assertOpen();
    return this.#retrying(() => findByDedupKey(this.#ctx, senderPartner, dedupKey));
  }

  async readPayload(id: string): Promise<Buffer> {
    this.#assertOpen();
    return this.#retrying(() => readPayload(this.#ctx, id));
  }

  async findByBsn(bsn: string): Promise<MessageMeta[]> {
    this.#assertOpen();
    return this.#retrying(() => findByBsn(this.#ctx, bsn));
  }

  async recordRouted(id: string, partners: readonly string[]): Promise<void> {
    this.#assertOpen();
    await this.#deliveryWrites.submit({ kind: 'routed', id, partners });
  }

  async claimDelivery(id: string, partner: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    this.#assertOpen();
    return (await this.#deliveryWrites.submit({ kind: 'claim', id, partner, owner, leaseMs }))!;
  }

  async recordAttempt(id: string, partner: string, a: AttemptRecord): Promise<void> {
    this.#assertOpen();
    await this.#deliveryWrites.submit({ kind: 'attempt', id, partner, attempt: a });
  }

  async addEvent(id: string, type: string, detail?: Record<string, unknown>): Promise<void> {
    this.#assertOpen();
    return addEvent(this.#ctx, id, type, detail);
  }

  async events(id: string): Promise<MessageEvent[]> {
    this.#assertOpen();
    return this.#retrying(() => listEvents(this.#ctx, id));
  }

  async countByStatus(): Promise<Record<MessageStatus, number>> {
    this.#assertOpen();
    return this.#retrying(() => countByStatus(this.#ctx));
  }

  /**
   * Reads, and batches whose repeat is harmless (dedup keys, conditional status moves, fenced attempts), are
   * tried again while the store is unavailable. SQLite has already waited for its lock by then.
   */
  #retrying<T>(work: () => Promise<T>): Promise<T> {
    return retryWhileUnavailable(work, { tries: this.dialect === 'postgres' ? 3 : 1 });
  }

  /** A write batch: tried again like a read, and its outcome kept for ping() (a store that reads but cannot write is not ready). */
  async #writing<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await this.#retrying(() => retryOnConflict(work));
      this.#writeFailure = undefined;
      return result;
    } catch (err) {
      if (isStoreUnavailable(err)) this.#writeFailure = { at: Date.now(), err: asStoreUnavailable(err) };
      throw err;
    }
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) throw new StoreError('STORE_CLOSED', 'the store is closed');
  }
}

