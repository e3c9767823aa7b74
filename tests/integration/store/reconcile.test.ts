import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openStore, type Database, type Store } from '../../../store/index.ts';
import { routeUnroutedMessages, takeStrandedDeliveries } from '../../../store/reconcile.ts';
import { freshStore, rawQuery } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

const dbOf = (store: Store) => store.tables<object>() as unknown as Kysely<Database>;

async function publishedMessage(store: Store, destinations: string[]): Promise<string> {
  const { meta } = await store.insertMessage(newMessage({ destinations }));
  await store.markPublished(meta.id);
  return meta.id;
}

describe('fenced attempts', () => {
  it('an attempt whose lease was taken over records its outcome as an event only; the new holder decides', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const id = await publishedMessage(store, ['zorg-a']);
    await store.recordRouted(id, ['zorg-a']);
    expect((await store.claimDelivery(id, 'zorg-a', 'old', 30)).state).toBe('claimed');
    await new Promise((r) => setTimeout(r, 60));
    expect((await store.claimDelivery(id, 'zorg-a', 'new', 30_000)).state).toBe('claimed');

    // The old attempt comes back late, claiming success: fenced.
    await store.recordAttempt(id, 'zorg-a', { owner: 'old', attempt: 1, outcome: 'delivered', httpStatus: 200, durationMs: 5 });
    let [row] = await rawQuery(fresh.options, `select status, lease_owner from deliveries where message_id = '${id}'`);
    expect([row!.status, row!.lease_owner]).toEqual(['pending', 'new']);
    const fenced = (await store.events(id)).filter((e) => e.type === 'delivery-attempt');
    expect(fenced.map((e) => e.detail?.fenced)).toEqual([true]);
    expect((await store.getMeta(id))?.status).toBe('routed');

    await store.recordAttempt(id, 'zorg-a', { owner: 'new', attempt: 2, outcome: 'retry', httpStatus: 503, durationMs: 5, nextDelayMs: 60_000 });
    [row] = await rawQuery(fresh.options, `select status, lease_owner, next_attempt_at, updated_at from deliveries where message_id = '${id}'`);
    expect([row!.status, row!.lease_owner]).toEqual(['pending', null]);
    expect(Number(row!.next_attempt_at) - Number(row!.updated_at)).toBe(60_000);
  });
});

describe('reconciliation queries', () => {
  it('takes a published message without delivery rows, a pending delivery nobody attempted and an expired lease; not a fresh or scheduled one', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const db = dbOf(store);
    const unrouted = await publishedMessage(store, ['zorg-a', 'zorg-b']);
    // Ingest writes the delivery rows with the message; one without them was stored by an earlier version
    // (the router wrote them), and is left over after an upgrade.
    await rawQuery(fresh.options, `delete from deliveries where message_id = '${unrouted}'`);
    await rawQuery(fresh.options, `update messages set status = 'published' where id = '${unrouted}'`);
    const notAttempted = await publishedMessage(store, ['zorg-a']);
    await store.recordRouted(notAttempted, ['zorg-a']);
    const leased = await publishedMessage(store, ['zorg-a']);
    await store.recordRouted(leased, ['zorg-a']);
    await store.claimDelivery(leased, 'zorg-a', 'gone', 1_000);
    const scheduled = await publishedMessage(store, ['zorg-a']);
    await store.recordRouted(scheduled, ['zorg-a']);
    await store.claimDelivery(scheduled, 'zorg-a', 'w', 1_000);
    await store.recordAttempt(scheduled, 'zorg-a', { owner: 'w', attempt: 1, outcome: 'retry', durationMs: 1, nextDelayMs: 3_600_000 });

    // Nothing is stranded yet.
    expect(await routeUnroutedMessages(db, store.dialect, { now: Date.now(), afterMs: 10_000, limit: 100 })).toEqual([]);
    expect(await takeStrandedDeliveries(db, store.dialect, { now: Date.now(), afterMs: 10_000, limit: 100, partners: ['zorg-a', 'zorg-b'] })).toEqual([]);

    // A minute later.
    const later = Date.now() + 60_000;
    const routed = await routeUnroutedMessages(db, store.dialect, { now: later, afterMs: 10_000, limit: 100 });
    expect(routed).toEqual([{ messageId: unrouted, partners: ['zorg-a', 'zorg-b'] }]);
    expect((await store.getMeta(unrouted))?.status).toBe('routed');
    const taken = await takeStrandedDeliveries(db, store.dialect, { now: later, afterMs: 10_000, limit: 100, partners: ['zorg-a', 'zorg-b'] });
    // The rows routed just now count from `now` as well: they are due after another afterMs, not at once.
    expect(new Set(taken.map((t) => `${t.messageId}/${t.partner}/${t.why}`))).toEqual(new Set([
      `${notAttempted}/zorg-a/not-attempted`, `${leased}/zorg-a/lease-expired`,
    ]));
    // Taken: not again within afterMs, and the expired lease is gone (its holder is fenced from now on).
    expect(await takeStrandedDeliveries(db, store.dialect, { now: later + 5_000, afterMs: 10_000, limit: 100, partners: ['zorg-a', 'zorg-b'] })).toEqual([]);
    const [row] = await rawQuery(fresh.options, `select lease_owner from deliveries where message_id = '${leased}'`);
    expect(row!.lease_owner).toBeNull();
    expect((await store.events(leased)).find((e) => e.type === 'reconciled')?.detail).toEqual({ partner: 'zorg-a', why: 'lease-expired' });
  });

  it('two processes reconciling at once never take the same delivery', async () => {
    fresh = await freshStore();
    const other = await openStore(fresh.options);
    try {
      const { store } = fresh;
      const ids = await Promise.all(Array.from({ length: 60 }, () => publishedMessage(store, ['zorg-a'])));
      for (const id of ids) await store.recordRouted(id, ['zorg-a']);
      const later = Date.now() + 60_000;
      const take = (s: Store) => takeStrandedDeliveries(dbOf(s), s.dialect, { now: later, afterMs: 10_000, limit: 10, partners: ['zorg-a'] });
      const rounds: string[][] = [];
      for (let i = 0; i < 8; i++) {
        const [a, b] = await Promise.all([take(store), take(other)]);
        rounds.push(a.map((t) => t.messageId), b.map((t) => t.messageId));
      }
      const all = rounds.flat();
      expect(new Set(all).size).toBe(all.length); // no row taken twice
      expect(new Set(all)).toEqual(new Set(ids)); // and every one taken
    } finally {
      await other.close();
    }
  });
});
