import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../store/index.ts';
import type { MessageMeta } from '../../../store/index.ts';
import { freshStore, rawQuery } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

async function count(table: string): Promise<number> {
  const [row] = await rawQuery(fresh!.options, `select count(*) as n from ${table}`);
  return Number(row!.n);
}

describe('dedup keys', () => {
  it('the same dedup key twice gives one row and duplicate: true with the first message', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const first = await store.insertMessage(newMessage({ dedupKey: 'bericht-1' }));
    const again = await store.insertMessage(newMessage({ dedupKey: 'bericht-1', payload: Buffer.from('<other/>') }));
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.meta).toEqual(first.meta);
    expect((await store.readPayload(first.meta.id)).equals(newMessage().payload)).toBe(true);
    expect(await count('messages')).toBe(1);
    expect(await count('message_events')).toBe(1);
    expect(await count('message_bsns')).toBe(1);
  });

  it('the same dedup key from another sender is another message', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const a = await store.insertMessage(newMessage({ dedupKey: 'bericht-1', senderPartner: 'gemeente-a' }));
    const b = await store.insertMessage(newMessage({ dedupKey: 'bericht-1', senderPartner: 'gemeente-b' }));
    expect([a.duplicate, b.duplicate]).toEqual([false, false]);
    expect(a.meta.id).not.toBe(b.meta.id);
    expect(await count('messages')).toBe(2);
  });

  it('500 concurrent inserts with 50 repeated keys resolve exactly as sequential calls would', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const stored = await store.insertMessage(newMessage({ dedupKey: 'key-7' })); // a repeat of an already stored key too
    // 450 distinct keys, and 50 calls that repeat one of them, spread through the sequence.
    const keys = Array.from({ length: 450 }, (_, i) => `key-${i}`);
    const calls = [...keys];
    for (let i = 0; i < 50; i++) calls.splice(9 * i + 5, 0, `key-${(i * 37) % 450}`);
    expect(calls).toHaveLength(500);

    const results = await Promise.all(calls.map((k) => store.insertMessage(newMessage({ dedupKey: k }))));

    const firstIndex = new Map<string, number>();
    calls.forEach((k, i) => firstIndex.has(k) || firstIndex.set(k, i));
    const idByKey = new Map<string, string>();
    results.forEach((r, i) => {
      const k = calls[i]!;
      const firstCall = firstIndex.get(k) === i && k !== 'key-7';
      expect(r.duplicate, `call ${i} (${k})`).toBe(!firstCall);
      if (!idByKey.has(k)) idByKey.set(k, r.meta.id);
      expect(r.meta.id).toBe(idByKey.get(k));
    });
    expect(idByKey.get('key-7')).toBe(stored.meta.id);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(449);
    expect(await count('messages')).toBe(450);
    expect(await count('dedup_keys')).toBe(450);
    expect(await count('message_events')).toBe(450);
  });

  it('two store instances racing on the same keys store each key once', async () => {
    fresh = await freshStore();
    const second = await openStore(fresh.options);
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `race-${i}`);
      const [r1, r2] = await Promise.all([
        Promise.all(keys.map((k) => fresh!.store.insertMessage(newMessage({ dedupKey: k })))),
        Promise.all([...keys].reverse().map((k) => second.insertMessage(newMessage({ dedupKey: k })))),
      ]);
      const winners = new Map<string, MessageMeta>();
      for (const r of [...r1, ...r2]) if (!r.duplicate) winners.set(r.meta.id, r.meta);
      expect(winners.size).toBe(200);
      r2.reverse();
      keys.forEach((_, i) => expect(r1[i]!.meta.id).toBe(r2[i]!.meta.id));
      expect(await count('messages')).toBe(200);
    } finally {
      await second.close();
    }
  });
});
