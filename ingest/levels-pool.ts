import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import type { AcceptedMessage } from '../adapters/types.ts';
import type { LevelsOutcome, Rejection } from './levels.ts';
import type { LevelsTask, LevelsWorkerData } from './levels-worker.ts';

// The worker pool (piscina) that runs levels 1–2 of every message off the event loop, so the event loop keeps
// TLS, HTTP, SQL and AMQP (decision 0008). The body is transferred to the thread and back, never copied, except
// once when it is a slice of Node's shared buffer pool (small bodies), which cannot be transferred.

/** A thread of the pool died under the message (or the pool is closing): nothing was judged, try again. */
export class LevelsUnavailable extends Error {
  readonly code = 'levels-unavailable';
  constructor(cause: unknown) {
    super('the validation worker stopped before it judged the message', { cause });
    this.name = 'LevelsUnavailable';
  }
}

/** What levels 1–2 said of a body, with the body back (it was moved to the thread). */
export type Levelled =
  | { kind: 'accepted'; body: Buffer; message: AcceptedMessage; sha256: string; bsnHashes: string[]; threadId: number }
  | { kind: 'rejected'; body: Buffer; rejection: Rejection; sha256: string; threadId: number };

/** Runs levels 1–2; throws LevelsUnavailable when its thread died, an Error for an adapter's bug. */
export interface LevelsRunner {
  run(body: Buffer): Promise<Levelled>;
}

/**
 * Threads per gateway process: KP_CPU_THREADS, or the cores shared among the gateway processes (KP_WORKERS on
 * PostgreSQL): max(1, floor(availableParallelism / processes)).
 */
export function cpuThreads(asked: number | undefined, processes: number, cores = os.availableParallelism()): number {
  return asked ?? Math.max(1, Math.floor(cores / Math.max(1, processes)));
}

/**
 * Bodies handed to each thread ahead of the one it is working on. A thread that has finished a body would
 * otherwise wait for the event loop to take its answer and hand it the next; the event loop is the busiest part
 * of the gateway (TLS, HTTP, SQL, AMQP), so the threads sat idle most of the time and the group commit saw
 * answers one at a time. Piscina gives each body to the thread with the fewest; a large body (a 25 MB WMO323
 * takes about half a second) delays at most the bodies queued behind it on its own thread. Measured in
 * BENCHMARKS.md (session 7): 1 → 16 took the SQLite bench from about 600 to about 1,100 msg/s.
 */
export const BODIES_PER_THREAD = 16;

const HERE = path.dirname(fileURLToPath(import.meta.url));
// From the TypeScript sources the thread registers tsx first; the compiled gateway has levels-worker.js.
const WORKER_FILE = import.meta.url.endsWith('.ts') ? path.join(HERE, 'levels-worker-tsx.mjs') : path.join(HERE, 'levels-worker.js');

export interface LevelsPoolOptions extends LevelsWorkerData {
  threads: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export class LevelsPool implements LevelsRunner {
  #running = 0;
  private constructor(private readonly pool: Piscina, readonly threads: number, readonly families: readonly string[]) {}

  /** Starts the threads and waits until one has built its adapters (a bad schema folder stops the start). */
  static async start(opts: LevelsPoolOptions): Promise<LevelsPool> {
    const workerData: LevelsWorkerData = { schemasDir: opts.schemasDir, features: opts.features, bsnHmacKey: opts.bsnHmacKey, settings: opts.settings };
    const pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: opts.threads,
      maxThreads: opts.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: BODIES_PER_THREAD,
      workerData,
      env: Object.fromEntries(Object.entries(opts.env).filter((e): e is [string, string] => e[1] !== undefined)),
    });
    // A thread that dies with no task on it: the pool replaces it; a thread that dies under a task fails that task.
    pool.on('error', (err: unknown) => opts.logger.error({ err }, 'levels worker thread failed; replaced'));
    try {
      const families = (await pool.run({} satisfies LevelsTask)) as string[];
      return new LevelsPool(pool, opts.threads, families);
    } catch (err) {
      await pool.destroy();
      throw err;
    }
  }

  async run(body: Buffer): Promise<Levelled> {
    const owned = ownArrayBuffer(body);
    let answer: { outcome: LevelsOutcome; body: ArrayBuffer };
    this.#running++;
    try {
      answer = (await this.pool.run({ body: owned } satisfies LevelsTask, { transferList: [owned] })) as typeof answer;
    } catch (err) {
      throw new LevelsUnavailable(err);
    } finally {
      this.#running--;
    }
    const back = Buffer.from(answer.body);
    const { outcome } = answer;
    switch (outcome.kind) {
      case 'accepted': return { kind: 'accepted', body: back, message: revive(outcome.message), sha256: outcome.sha256, bsnHashes: outcome.bsnHashes, threadId: outcome.threadId };
      case 'rejected': return { kind: 'rejected', body: back, rejection: reviveRejection(outcome.rejection), sha256: outcome.sha256, threadId: outcome.threadId };
      case 'failed': {
        const err = new Error(outcome.error.message);
        err.name = outcome.error.name;
        if (outcome.error.stack) err.stack = outcome.error.stack;
        throw err;
      }
    }
  }

  /** Bodies handed to the pool and not yet answered (for tests that stop a thread under a message). */
  get running(): number {
    return this.#running;
  }

  /** The pool's threads (for tests that stop one under a message). */
  get workerThreads(): readonly { terminate(): Promise<number> }[] {
    return this.pool.threads;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** The body's memory as an ArrayBuffer of its own: itself when it already is one, else one copy. */
function ownArrayBuffer(body: Buffer): ArrayBuffer {
  const buffer = body.buffer;
  if (buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === buffer.byteLength && body.length > Buffer.poolSize >>> 1) return buffer;
  const copy = new ArrayBuffer(body.length);
  new Uint8Array(copy).set(body);
  return copy;
}

// A structured clone turns a Buffer into a plain Uint8Array: the payload of an envelope and a raw answer (a StUF
// Fo01) are Buffers again.
const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

function revive(message: AcceptedMessage): AcceptedMessage {
  if (message.payload !== undefined) message.payload = asBuffer(message.payload);
  if (message.envelope !== undefined) message.envelope = buffersBack(message.envelope);
  return message;
}

/** Every Uint8Array in a small object tree (an envelope) a Buffer again. The model is left alone: it has none. */
function buffersBack(value: unknown): unknown {
  if (value instanceof Uint8Array) return asBuffer(value);
  if (Array.isArray(value)) return value.map(buffersBack);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = buffersBack(v);
  }
  return value;
}

function reviveRejection(rejection: Rejection): Rejection {
  if (rejection.answer && typeof rejection.answer.body !== 'string') rejection.answer.body = asBuffer(rejection.answer.body);
  return rejection;
}
