import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError, openStore } from '../../../store/index.ts';
import { freshStore, rawQuery } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

async function routedMessage(partners: string[]): Promise<string> {
  const { meta } = await fresh!.store.insertMessage(newMessage());
  await fresh!.store.markPublished(meta.id);
  await fresh!.store.recordRouted(meta.id, partners);
  return meta.id;
}

describe('deliveries', () => {
  it('recordRouted is idempotent: delivery rows once, one routed event, published → routed', async () => {
    fresh = await freshStore();
    const id = await routedMessage(['zorg-a', 'zorg-b']);
    await fresh.store.recordRouted(id, ['zorg-b', 'zorg-a', 'zorg-a']);
    expect((await fresh.store.getMeta(id))?.status).toBe('routed');
    const events = await fresh.store.events(id);
    expect(events.map((e) => e.type)).toEqual(['received', 'published', 'routed']);
    expect(events[2]!.detail).toEqual({ partners: ['zorg-a', 'zorg-b'] });
    const rows = await rawQuery(fresh.options, `select partner, status, attempts from deliveries order by partner`);
    expect(rows.map((r) => [r.partner, r.status, Number(r.attempts)])).toEqual([['zorg-a', 'pending', 0], ['zorg-b', 'pending', 0]]);

    const err = await fresh.store.recordRouted('00000000-0000-7000-8000-000000000000', ['zorg-a']).catch((e: unknown) => e);
    expect(isStoreError(err, 'MESSAGE_NOT_FOUND')).toBe(true);
  });

  it('of two concurrent claims exactly one wins; the owner may renew; done after delivery', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const id = await routedMessage(['zorg-a']);
    const other = await openStore(fresh.options);
    try {
      const claims = await Promise.all([
        store.claimDelivery(id, 'zorg-a', 'worker-1', 30_000),
        other.claimDelivery(id, 'zorg-a', 'worker-2', 30_000),
        store.claimDelivery(id, 'zorg-a', 'worker-3', 30_000),
        other.claimDelivery(id, 'zorg-a', 'worker-4', 30_000),
      ]);
      const won = claims.filter((c) => c.state === 'claimed');
      expect(won).toMatchObject([{ state: 'claimed', attempts: 0 }]);
      // The claim returns what the attempt needs: the message's meta and its decrypted payload, and its delivery count.
      const claimedMessage = won[0]!.state === 'claimed' ? won[0]!.message : undefined;
      expect(claimedMessage).toMatchObject({ family: newMessage().family, type: newMessage().type, contentType: newMessage().contentType, destinations: [], deliveries: 1 });
      expect(claimedMessage?.payload.equals(newMessage().payload)).toBe(true);
      for (const c of claims.filter((x) => x.state !== 'claimed')) {
        expect(c.state).toBe('busy');
        if (c.state === 'busy') expect(c.leaseUntil.getTime()).toBeGreaterThan(Date.now() + 20_000);
      }
      const winner = `worker-${claims.findIndex((c) => c.state === 'claimed') + 1}`;
      expect(await store.claimDelivery(id, 'zorg-a', winner, 30_000)).toMatchObject({ state: 'claimed', attempts: 0 });

      await store.recordAttempt(id, 'zorg-a', { attempt: 1, outcome: 'delivered', httpStatus: 204, durationMs: 12 });
      expect(await other.claimDelivery(id, 'zorg-a', 'worker-9', 30_000)).toEqual({ state: 'done', status: 'delivered' });
    } finally {
      await other.close();
    }
    const err = await store.claimDelivery(id, 'nobody', 'worker-1', 1000).catch((e: unknown) => e);
    expect(isStoreError(err, 'DELIVERY_NOT_FOUND')).toBe(true);
  });

  it('an expired lease can be claimed by another worker', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const id = await routedMessage(['zorg-a']);
    expect((await store.claimDelivery(id, 'zorg-a', 'worker-1', 60)).state).toBe('claimed');
    expect((await store.claimDelivery(id, 'zorg-a', 'worker-2', 60)).state).toBe('busy');
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.claimDelivery(id, 'zorg-a', 'worker-2', 60_000)).toMatchObject({ state: 'claimed', attempts: 0 });
    expect((await store.claimDelivery(id, 'zorg-a', 'worker-1', 60_000)).state).toBe('busy');
  });

  // Claims and attempts submitted in the same moment share a group commit, and its first claim (attempt) of each
  // delivery is one multi-row statement for the batch (decision 0021); the answers must be those of one at a time.
  it('a batch of claims and attempts on many deliveries: one claim wins each, fenced attempts change nothing, every message settles', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const ids = await Promise.all(Array.from({ length: 12 }, () => routedMessage(['zorg-a', 'zorg-b'])));
    const pairs = ids.flatMap((id) => [[id, 'zorg-a'], [id, 'zorg-b']] as const);
    const first = await Promise.all(pairs.flatMap(([id, partner], i) => [
      store.claimDelivery(id, partner, `first-${i}`, 30_000), store.claimDelivery(id, partner, `second-${i}`, 30_000),
    ]));
    for (const i of pairs.keys()) {
      const [a, b] = [first[2 * i]!, first[2 * i + 1]!];
      expect([a.state, b.state]).toEqual(['claimed', 'busy']);
      expect(a.state === 'claimed' && a.message?.deliveries).toBe(2);
      expect(a.state === 'claimed' && a.attempts).toBe(0);
    }
    const [held] = await rawQuery(fresh.options, `select count(*) as n from deliveries where lease_owner like 'first-%'`);
    expect(Number(held!.n)).toBe(pairs.length);
    // An attempt of the loser, reported first, is fenced: counted, deciding nothing; then each winner reports.
    await Promise.all(pairs.flatMap(([id, partner], i) => [
      store.recordAttempt(id, partner, { owner: `second-${i}`, attempt: 1, outcome: 'dead', httpStatus: 500, error: 'HTTP 500', durationMs: 5, deliveries: 2 }),
      store.recordAttempt(id, partner, { owner: `first-${i}`, attempt: 1, outcome: 'delivered', httpStatus: 200, durationMs: 5, deliveries: 2 }),
    ]));
    const rows = await rawQuery(fresh.options, `select status, attempts, lease_owner from deliveries`);
    expect(rows.map((r) => [r.status, Number(r.attempts), r.lease_owner])).toEqual(pairs.map(() => ['delivered', 2, null]));
    expect(await store.countByStatus()).toMatchObject({ delivered: ids.length, dead: 0, routed: 0 });
    const events = await store.events(ids[0]!);
    expect(events.filter((e) => e.type === 'delivery-attempt' && e.detail?.fenced === true)).toHaveLength(2);
    expect(events.filter((e) => e.type === 'delivered')).toHaveLength(2);
  });

  it('recordAttempt: retry releases the lease, deliveries settle, the message becomes delivered when all are', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const id = await routedMessage(['zorg-a', 'zorg-b']);

    await store.claimDelivery(id, 'zorg-a', 'worker-1', 30_000);
    await store.recordAttempt(id, 'zorg-a', { attempt: 1, outcome: 'retry', httpStatus: 503, error: 'HTTP 503', durationMs: 40, nextDelayMs: 1000 });
    expect(await store.claimDelivery(id, 'zorg-a', 'worker-2', 30_000)).toMatchObject({ state: 'claimed', attempts: 1 });
    const [afterRetry] = await rawQuery(fresh.options, `select status, attempts, last_http_status, last_error, lease_owner from deliveries where partner = 'zorg-a'`);
    expect({ ...afterRetry, attempts: Number(afterRetry!.attempts), last_http_status: Number(afterRetry!.last_http_status) }).toEqual({
      status: 'pending', attempts: 1, last_http_status: 503, last_error: 'HTTP 503', lease_owner: 'worker-2',
    });

    await store.recordAttempt(id, 'zorg-a', { attempt: 2, outcome: 'delivered', httpStatus: 200, durationMs: 30 });
    expect((await store.getMeta(id))?.status).toBe('routed'); // zorg-b still pending
    await store.claimDelivery(id, 'zorg-b', 'worker-1', 30_000);
    await store.recordAttempt(id, 'zorg-b', { attempt: 1, outcome: 'delivered', httpStatus: 202, durationMs: 25 });

    const meta = await store.getMeta(id);
    expect(meta?.status).toBe('delivered');
    expect(meta?.deliveredAt).toBeInstanceOf(Date);
    const events = await store.events(id);
    expect(events.map((e) => e.type)).toEqual([
      'received', 'published', 'routed', 'delivery-attempt', 'delivery-attempt', 'delivered', 'delivery-attempt', 'delivered',
    ]);
    expect(events[3]!.detail).toEqual({ partner: 'zorg-a', attempt: 1, outcome: 'retry', httpStatus: 503, error: 'HTTP 503', durationMs: 40, nextDelayMs: 1000 });
    expect(events[5]!.detail).toEqual({ partner: 'zorg-a', attempt: 2 });
    expect(await store.countByStatus()).toMatchObject({ delivered: 1, routed: 0 });
  });

  it('a dead delivery makes the message dead; a late attempt after settling changes nothing', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const id = await routedMessage(['zorg-a', 'zorg-b']);
    await store.recordAttempt(id, 'zorg-a', { attempt: 1, outcome: 'delivered', httpStatus: 200, durationMs: 5 });
    await store.recordAttempt(id, 'zorg-b', { attempt: 8, outcome: 'dead', httpStatus: 500, error: 'HTTP 500', reason: 'retries-exhausted', durationMs: 5 });

    expect((await store.getMeta(id))?.status).toBe('dead');
    const dead = (await store.events(id)).find((e) => e.type === 'dead');
    expect(dead?.detail).toEqual({ partner: 'zorg-b', attempt: 8, reason: 'retries-exhausted' });
    expect(await store.claimDelivery(id, 'zorg-b', 'worker-1', 1000)).toEqual({ state: 'done', status: 'dead' });

    await store.recordAttempt(id, 'zorg-b', { attempt: 9, outcome: 'delivered', httpStatus: 200, durationMs: 5 });
    const [row] = await rawQuery(fresh.options, `select status, attempts from deliveries where partner = 'zorg-b'`);
    expect([row!.status, Number(row!.attempts)]).toEqual(['dead', 2]);
    expect((await store.getMeta(id))?.status).toBe('dead');
    expect((await store.events(id)).filter((e) => e.type === 'dead' || e.type === 'delivered')).toHaveLength(2);
  });

  it('two workers finishing the last two deliveries at the same moment still settle the message', async () => {
    fresh = await freshStore();
    const other = await openStore(fresh.options);
    try {
      const ids = await Promise.all(Array.from({ length: 20 }, () => routedMessage(['zorg-a', 'zorg-b'])));
      await Promise.all(
        ids.flatMap((id) => [
          fresh!.store.recordAttempt(id, 'zorg-a', { attempt: 1, outcome: 'delivered', httpStatus: 200, durationMs: 1 }),
          other.recordAttempt(id, 'zorg-b', { attempt: 1, outcome: 'delivered', httpStatus: 200, durationMs: 1 }),
        ]),
      );
      const metas = await Promise.all(ids.map((id) => fresh!.store.getMeta(id)));
      expect(metas.map((m) => m?.status)).toEqual(ids.map(() => 'delivered'));
    } finally {
      await other.close();
    }
  });
});
