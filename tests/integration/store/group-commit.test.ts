import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError, openStore } from '../../../store/index.ts';
import type { NewMessage } from '../../../store/index.ts';
import { freshStore, rawQuery } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

const payload3k = (i: number): Buffer => Buffer.from(`<Bericht nr="${i}">${'x'.repeat(3000)}</Bericht>`);

describe('group commit', () => {
  it('1,000 concurrent inserts all resolve and are all readable (and report inserts/s)', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const inputs = Array.from({ length: 1000 }, (_, i) => newMessage({ payload: payload3k(i) }));

    const t0 = performance.now();
    const results = await Promise.all(inputs.map((m) => store.insertMessage(m)));
    const concurrentMs = performance.now() - t0;

    expect(new Set(results.map((r) => r.meta.id)).size).toBe(1000);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    for (let i = 0; i < inputs.length; i++) {
      expect((await store.readPayload(results[i]!.meta.id)).equals(inputs[i]!.payload)).toBe(true);
    }
    expect((await store.countByStatus()).received).toBe(1000);

    const sequentialN = 200;
    const t1 = performance.now();
    for (let i = 0; i < sequentialN; i++) await store.insertMessage(newMessage({ payload: payload3k(i) }));
    const sequentialMs = performance.now() - t1;

    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
    console.log(
      `[store ${store.dialect}] 1000 concurrent inserts (3 KB): ${concurrentMs.toFixed(0)} ms = ${rate(1000, concurrentMs)} inserts/s; ` +
        `${sequentialN} one-at-a-time: ${sequentialMs.toFixed(0)} ms = ${rate(sequentialN, sequentialMs)} inserts/s`,
    );
  });

  it('one bad message in a batch fails alone; the others and in-batch duplicates still resolve', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const inputs: NewMessage[] = Array.from({ length: 40 }, (_, i) => newMessage({ dedupKey: `k-${i % 30}` }));
    // A NOT NULL violation: only the database notices it, inside the shared transaction.
    inputs[17] = newMessage({ family: null as unknown as string, dedupKey: 'bad' });

    const settled = await Promise.allSettled(inputs.map((m) => store.insertMessage(m)));
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[17]!.status).toBe('rejected');
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(ok).toHaveLength(39);
    // Keys k-0 … k-29, except k-17 whose only call was replaced by the bad one.
    expect(ok.filter((r) => !r.duplicate)).toHaveLength(29);
    const [row] = await rawQuery(fresh.options, `select count(*) as n from messages`);
    expect(Number(row!.n)).toBe(29);
  });

  it('close() writes everything already submitted', async () => {
    fresh = await freshStore();
    const pending = Array.from({ length: 300 }, () => fresh!.store.insertMessage(newMessage()));
    await fresh.store.close();
    const results = await Promise.all(pending);
    expect(results).toHaveLength(300);
    const err = await fresh.store.insertMessage(newMessage()).catch((e: unknown) => e);
    expect(isStoreError(err, 'STORE_CLOSED')).toBe(true);

    const reopened = await openStore(fresh.options);
    try {
      expect((await reopened.countByStatus()).received).toBe(300);
    } finally {
      await reopened.close();
    }
  });
});
