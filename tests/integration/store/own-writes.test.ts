import { afterEach, describe, expect, it } from 'vitest';
import type { Migration, MessageWrites } from '../../../store/index.ts';
import { freshStore, rawQuery } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

// Decision 0003: a feature's rows are written in the message's own transaction. One message giving up (a claim
// another holds) or failing leaves nothing of itself and does not cost the rest of its batch anything.
const claims: Migration = {
  id: 'test/001-claims',
  async up(db) {
    await db.schema.createTable('test_claims').addColumn('k', 'text', (c) => c.primaryKey()).addColumn('message_id', 'text', (c) => c.notNull()).execute();
  },
};

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

const claim = (k: string): MessageWrites => async (trx, stored) => {
  const r = await trx.insertInto('test_claims').values({ k, message_id: stored.id }).onConflict((oc: any) => oc.doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) return { abandon: `${k} is taken` };
  return undefined;
};

describe('a message\'s own writes', () => {
  it('are written with it; a message whose claim is taken in the same batch leaves nothing, the others are kept', async () => {
    fresh = await freshStore({ migrations: [claims] });
    const { store } = fresh;
    // Submitted in one turn of the event loop: one group-commit batch.
    const pa = store.insertMessage(newMessage({ destinations: ['p'], writes: claim('A') }));
    const pb = store.insertMessage(newMessage({ destinations: ['p'], writes: claim('A') }));
    const pc = store.insertMessage(newMessage({ destinations: ['p'], writes: async () => { throw new Error('boom'); } })).then(() => 'kept', (e: Error) => e.message);
    const pd = store.insertMessage(newMessage({ destinations: ['p'], writes: claim('D') }));
    const [a, b, c, d] = [await pa, await pb, await pc, await pd];
    // One of the two claims of A wins (the batch runs in dedup-key order), the other gives up.
    const [winner, loser] = a!.abandoned === undefined ? [a!, b!] : [b!, a!];
    expect(winner.abandoned).toBeUndefined();
    expect(loser.abandoned).toBe('A is taken');
    expect(c).toBe('boom');
    expect(d!.abandoned).toBeUndefined();
    const rows = await rawQuery(fresh.options, 'select k, message_id from test_claims order by k');
    expect(rows).toEqual([{ k: 'A', message_id: winner.meta.id }, { k: 'D', message_id: d!.meta.id }]);
    const messages = await rawQuery(fresh.options, 'select id from messages order by id');
    expect(messages.map((m) => m.id).sort()).toEqual([winner.meta.id, d!.meta.id].sort());
    const deliveries = await rawQuery(fresh.options, 'select message_id from deliveries');
    expect(deliveries.map((r) => r.message_id).sort()).toEqual([winner.meta.id, d!.meta.id].sort());
    // The dedup key of the message that gave up is free again: its sender may send it once the claim is free.
    const again = await store.insertMessage(newMessage({ dedupKey: 'reuse', writes: claim('B') }));
    expect(again.duplicate).toBe(false);
  });
});
