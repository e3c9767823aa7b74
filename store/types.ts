import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { StoreCounters } from './db.ts';

export type MessageStatus = 'received' | 'published' | 'routed' | 'delivered' | 'dead';

export const MESSAGE_STATUSES: readonly MessageStatus[] = ['received', 'published', 'routed', 'delivered', 'dead'];

/** The message a feature's writes belong to. */
export interface StoredRef { id: string; receivedAt: Date }

/**
 * Rows another part of the gateway needs written WITH a message (level-3 claims, deadline rows, ledger rows),
 * in the message's own transaction, in a savepoint of their own. `trx` is the transaction; a feature writes
 * only its own tables there. Return `{ abandon }` to give the message up (a uniqueness claim lost to another
 * message, say): its savepoint is rolled back, nothing of the message is stored, and `abandon` comes back to
 * the caller as `InsertResult.abandoned`. A throw does the same and comes back as `failed`.
 */
export type MessageWrites = (trx: Kysely<any>, stored: StoredRef) => Promise<void | { abandon: unknown }>;

/**
 * A feature's writes for every message of one group-commit batch at once: a few multi-row statements for the
 * batch instead of a few statements per message. `run` gets the part of each message that names this writer
 * (the same object), in batch order, and writes them all; it returns false when one of them would give its
 * message up (a claim another message holds). The store then rolls the batch's writes back and runs each
 * message's own `writes` alone, in a savepoint of its own, so the outcome is what sequential writes give.
 */
export interface BatchWriter<P> {
  run(trx: Kysely<any>, entries: readonly { part: P; stored: StoredRef }[]): Promise<boolean>;
}

/** A message's part of a BatchWriter's batch. Only with `writes`, which stays the message's writes alone. */
export interface BatchedWrites<P = unknown> {
  writer: BatchWriter<P>;
  part: P;
}

export interface NewMessage {
  senderPartner: string;
  senderOin: string;
  family: string;
  type: string;
  correlationId?: string;
  dedupKey: string;
  payload: Buffer;
  contentType: string;
  bsns: readonly string[];
  /**
   * The payload's SHA-256 (hex) and the keyed hashes of `bsns`, when the caller computed them already (ingest
   * does, in the worker pool); otherwise the store computes them.
   */
  sha256?: string;
  bsnHashes?: readonly string[];
  requestId?: string;
  /** Where it goes (partner or local consumer names): a pending delivery row each, written with the message. */
  destinations?: readonly string[];
  /** The features' rows that belong to this message, written in its transaction (see MessageWrites). */
  writes?: MessageWrites;
  /** The same writes, batchable with other messages' (see BatchWriter); `writes` must be given too. */
  batched?: BatchedWrites;
  /** The message this one answers or replaces, and how: 'retour-of', 'edit-of', 'alert-of', … */
  parentId?: string;
  relation?: string;
  /**
   * A message refused at ingest (XSD, a business rule, no route) is kept for the operator: stored dead with
   * this reason, an event 'refused' with the errors, and never deduplicated against a later copy.
   */
  refused?: {
    reason: string;
    errors: readonly { code: string; message: string; path?: string; line?: number }[];
    /** Set when only the start of the body is kept (KP_REFUSED_KEEP_BYTES): what was received. */
    truncated?: { originalBytes: number; originalSha256: string };
  };
}

export interface MessageMeta {
  id: string;
  receivedAt: Date;
  senderPartner: string;
  senderOin: string;
  family: string;
  type: string;
  correlationId?: string;
  sha256: string;
  size: number;
  contentType: string;
  requestId?: string;
  status: MessageStatus;
  publishedAt?: Date;
  deliveredAt?: Date;
  destinations?: string[];
  parentId?: string;
  relation?: string;
  /** Why it is dead, when it was refused at ingest. */
  reason?: string;
}

export interface MessageEvent {
  seq: number;
  messageId: string;
  at: Date;
  type: string;
  detail?: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** What a won claim returns of its message, so delivery needs no read after it. */
export interface ClaimedMessage {
  family: string;
  type: string;
  contentType: string;
  correlationId?: string;
  destinations: string[];
  /** How many delivery rows the message has (this one included). */
  deliveries?: number;
  /** Decrypted. */
  payload: Buffer;
}

export type ClaimResult =
  | { state: 'claimed'; attempts: number; message?: ClaimedMessage }
  | { state: 'done'; status: 'delivered' | 'dead' }
  | { state: 'busy'; leaseUntil: Date };

export interface AttemptRecord {
  attempt: number;
  outcome: 'delivered' | 'retry' | 'dead';
  httpStatus?: number;
  error?: string;
  reason?: string;
  durationMs: number;
  nextDelayMs?: number;
  /** The lease token the attempt claimed with; when given, the outcome counts only while that lease is still held. */
  owner?: string;
  /**
   * How many deliveries the message has (its destinations), when known. With one, settling the message needs
   * no lock on its row (there is no other delivery of it to finish at the same moment).
   */
  deliveries?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * The database for the other parts of the gateway, typed with their own tables (created by the migrations
   * they pass to openStore) beside the store's. The store's own tables are read there, never written.
   */
  tables<T>(): Kysely<Database & T>;
  /**
   * Runs `write` in a transaction shared with the other writes submitted in the same moment (group commit:
   * one fsync for all of them). It may run again alone if its batch fails, so it must only touch the
   * database. Reads inside it see the batch's earlier writes. Use it for writes on the ingest path.
   */
  writeBatched<T, R>(write: (trx: Kysely<Database & T>) => Promise<R>): Promise<R>;
  /** Statements and transactions sent to the database since it opened (for the bench and /metrics). */
  counters(): StoreCounters;
  /** Keyed hash (HMAC-SHA256, hex) of a BSN: how every part looks a person up without keeping the number. */
  bsnHash(bsn: string): string;
  /** AES-256-GCM with the active key; `aad` binds the blob to its row (use the row's id). */
  seal(aad: string, plaintext: Buffer): { keyId: string; blob: Buffer };
  unseal(aad: string, keyId: string, blob: Buffer): Buffer;
  ping(): Promise<void>;
  /**
   * Runs `work` only if no other process (or caller) runs work under the same name now; resolves undefined
   * when it is taken. PostgreSQL: a session advisory lock; SQLite (one process): an in-process guard.
   * For what must be decided once with several gateway processes (the sweeper, a reconciler).
   */
  exclusive<R>(name: string, work: () => Promise<R>): Promise<R | undefined>;
  /** Flushes pending group commits first. */
  close(): Promise<void>;
  /** Durable when it resolves. A known (senderPartner, dedupKey) writes nothing and returns the existing meta. */
  insertMessage(m: NewMessage): Promise<{ meta: MessageMeta; duplicate: boolean; abandoned?: unknown }>;
  /**
   * received → published (+ event 'published'), or → routed (+ 'routed') when it has destinations; no-op when
   * the message is already past received. Durable when it resolves.
   */
  markPublished(id: string): Promise<void>;
  /**
   * The same, written with the next group-commit transaction (no transaction of its own); not awaited. If it
   * is lost, the sweeper publishes the message again and the delivery claim makes the copy a no-op.
   */
  markPublishedSoon(id: string): void;
  /** Status 'received' and received before `olderThan`, oldest first. */
  findUnpublished(olderThan: Date, limit: number): Promise<MessageMeta[]>;
  getMeta(id: string): Promise<MessageMeta | undefined>;
  /** The message stored under this sender's dedup key, if any. */
  findByDedupKey(senderPartner: string, dedupKey: string): Promise<MessageMeta | undefined>;
  readPayload(id: string): Promise<Buffer>;
  findByBsn(bsn: string): Promise<MessageMeta[]>;
  recordRouted(id: string, partners: readonly string[]): Promise<void>;
  claimDelivery(id: string, partner: string, owner: string, leaseMs: number): Promise<ClaimResult>;
  recordAttempt(id: string, partner: string, a: AttemptRecord): Promise<void>;
  addEvent(id: string, type: string, detail?: Record<string, unknown>): Promise<void>;
  events(id: string): Promise<MessageEvent[]>;
  countByStatus(): Promise<Record<MessageStatus, number>>;
}
