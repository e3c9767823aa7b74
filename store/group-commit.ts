import type { Logger } from 'pino';
import { StoreError } from './errors.ts';
import { isStoreUnavailable } from './unavailable.ts';

export interface GroupCommitOptions<I, O> {
  /** For log lines. */
  name: string;
  maxBatch: number;
  /** Optional second cap, e.g. on payload bytes, so one batch never builds a huge statement. */
  maxBatchWeight?: number;
  weightOf?: (item: I) => number;
  /** Writes all items in ONE transaction and returns one result per item, in order. */
  runBatch: (items: I[]) => Promise<O[]>;
  logger?: Logger;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: calls that arrive while a transaction is running wait and are written together in the next one,
 * so one fsync covers a whole batch. If a batch fails, its items are retried one by one, so one bad item fails
 * alone; runBatch must therefore give the same answers for [a, b] as for [a] then [b].
 */
export class GroupCommitter<I, O> {
  readonly #opts: GroupCommitOptions<I, O>;
  #queue: Pending<I, O>[] = [];
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(opts: GroupCommitOptions<I, O>) {
    this.#opts = opts;
  }

  submit(item: I): Promise<O> {
    if (this.#closed) return Promise.reject(new StoreError('STORE_CLOSED', 'the store is closed'));
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      // setImmediate rather than starting now: everything submitted in this turn of the event loop joins the batch.
      this.#running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.#drainQueue());
    });
  }

  /** Submits several items at once (they join the same batch when they fit). */
  submitAll(items: readonly I[]): Promise<O[]> {
    return Promise.all(items.map((item) => this.submit(item)));
  }

  /** Stops accepting items and waits until every submitted item is written. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running !== undefined) await this.#running;
  }

  async #drainQueue(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#runOne(this.#takeBatch());
    } finally {
      this.#running = undefined;
    }
  }

  #takeBatch(): Pending<I, O>[] {
    const { maxBatch, maxBatchWeight, weightOf } = this.#opts;
    let count = 0;
    let weight = 0;
    while (count < this.#queue.length && count < maxBatch) {
      const w = weightOf?.(this.#queue[count]!.item) ?? 0;
      if (count > 0 && maxBatchWeight !== undefined && weight + w > maxBatchWeight) break;
      weight += w;
      count++;
    }
    return this.#queue.splice(0, count);
  }

  async #runOne(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.#opts.runBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i] as O));
      return;
    } catch (err) {
      // One by one only helps when an item is bad; when the store itself is unavailable every item would fail alike.
      if (batch.length === 1 || isStoreUnavailable(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      this.#opts.logger?.warn(
        { batch: this.#opts.name, size: batch.length, err: { message: (err as Error).message, code: (err as { code?: unknown }).code } },
        'group commit failed; retrying the batch one by one',
      );
    }
    for (const p of batch) {
      try {
        const [result] = await this.#opts.runBatch([p.item]);
        p.resolve(result as O);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
