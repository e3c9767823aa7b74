import { close, fdatasync, fsync, open } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';

const openFile = promisify(open);
const closeFile = promisify(close);
const dataSync = promisify(fdatasync);
const fullSync = promisify(fsync);

/**
 * Makes SQLite's committed transactions durable without blocking the event loop.
 *
 * With `synchronous = FULL` SQLite fsyncs the write-ahead log inside COMMIT, and better-sqlite3 runs COMMIT on
 * the JavaScript thread: every commit froze the whole gateway for the length of an fsync (1.5 ms on average in
 * the bench, when RabbitMQ fsyncs beside it). Instead the connection runs with `synchronous = NORMAL` (in WAL
 * mode: COMMIT writes the log, no fsync; a checkpoint still syncs the log before and the database after) and
 * the store calls `flush()` after each COMMIT before it answers anyone: an fdatasync of the log file on libuv's
 * thread pool. What a commit wrote is in the log file before flush() is called, so once flush() resolves it is
 * on disk, as FULL would have it; or a checkpoint has already copied it into the database file and synced that.
 * Commits that arrive while a sync runs share the next one (group commit of the fsync itself).
 */
export class WalSync {
  readonly #walPath: string;
  #fd: Promise<number> | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #closed = false;

  constructor(databasePath: string) {
    this.#walPath = `${databasePath}-wal`;
  }

  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void> {
    if (this.#running === undefined) return this.#start();
    // The running sync may have started before the caller's commit: one more after it, shared by all who wait.
    this.#queued ??= this.#running.then(
      () => this.#next(),
      () => this.#next(),
    );
    return this.#queued;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([this.#running, this.#queued]);
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd) await closeFile(await fd).catch(() => undefined);
  }

  #next(): Promise<void> {
    this.#queued = undefined;
    return this.#start();
  }

  #start(): Promise<void> {
    const run = this.#sync().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #sync(): Promise<void> {
    if (this.#closed) throw new Error('the store is closed');
    try {
      await dataSync(await this.#walFd());
    } catch (err) {
      // As SQLite itself reports a failed sync: the store is unavailable (a 503), not a bug (a 500).
      throw Object.assign(new Error(`could not sync the SQLite log (${String((err as { code?: unknown }).code ?? 'unknown')})`), { code: 'SQLITE_IOERR_FSYNC' });
    }
  }

  /** The log file, opened once; its directory is synced once so that the file's own entry is durable too. */
  #walFd(): Promise<number> {
    this.#fd ??= (async () => {
      const fd = await openFile(this.#walPath, 'r');
      const dir = await openFile(dirname(this.#walPath), 'r');
      try {
        await fullSync(dir);
      } finally {
        await closeFile(dir);
      }
      return fd;
    })().catch((err: unknown) => {
      this.#fd = undefined;
      throw err;
    });
    return this.#fd;
  }
}
