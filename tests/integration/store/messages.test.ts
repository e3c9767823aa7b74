import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptPayload } from '../../../store/crypto.ts';
import { isStoreError, openStore } from '../../../store/index.ts';
import pg from 'pg';
import { freshStore, rawQuery, testDbKind, testSecrets } from '../../support/db.ts';
import type { FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

const asBuffer = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));

describe('messages', () => {
  it('round-trips a message: meta, payload and the received event', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const input = newMessage();
    const before = Date.now();
    const { meta, duplicate } = await store.insertMessage(input);

    expect(duplicate).toBe(false);
    expect(meta.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.status).toBe('received');
    expect(meta.receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(meta.size).toBe(input.payload.length);

    const stored = await store.getMeta(meta.id);
    expect(stored).toEqual(meta);
    expect(stored).toMatchObject({
      senderPartner: input.senderPartner, senderOin: input.senderOin, family: 'iwmo-ijw', type: 'WMO301',
      correlationId: input.correlationId, contentType: 'application/xml', requestId: input.requestId,
    });
    expect(stored?.publishedAt).toBeUndefined();
    expect((await store.readPayload(meta.id)).equals(input.payload)).toBe(true);

    const events = await store.events(meta.id);
    expect(events.map((e) => e.type)).toEqual(['received']);
    expect(events[0]!.detail).toMatchObject({ family: 'iwmo-ijw', type: 'WMO301', size: input.payload.length, sha256: meta.sha256 });
    expect(await store.getMeta('00000000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('stores the payload encrypted: not the plaintext, not decryptable with another key, bound to its id', async () => {
    fresh = await freshStore();
    const input = newMessage();
    const { meta } = await fresh.store.insertMessage(input);
    const [row] = await rawQuery(fresh.options, `select payload, key_id from messages where id = '${meta.id}'`);
    const blob = asBuffer(row!.payload);

    expect(row!.key_id).toBe('k1');
    expect(blob.includes(input.payload)).toBe(false);
    expect(blob.includes(Buffer.from('999990019'))).toBe(false);
    expect(blob.length).toBe(12 + 16 + input.payload.length);

    const secrets = testSecrets();
    expect(decryptPayload(secrets, meta.id, 'k1', blob).equals(input.payload)).toBe(true);
    const wrongKey = { payloadKeys: new Map([['k1', secrets.payloadKeys.get('k2')!]]) };
    expect(() => decryptPayload(wrongKey, meta.id, 'k1', blob)).toThrow(expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }));
    // The message id is the AAD: the same blob under another id does not authenticate.
    expect(() => decryptPayload(secrets, '00000000-0000-7000-8000-000000000000', 'k1', blob)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }),
    );
  });

  it('keeps old payloads readable after key rotation and fails typed when a key is gone', async () => {
    fresh = await freshStore();
    const old = newMessage({ payload: Buffer.from('<old/>') });
    const { meta: oldMeta } = await fresh.store.insertMessage(old);
    await fresh.store.close();

    const rotated = await openStore({ ...fresh.options, secrets: testSecrets('k2') });
    try {
      const fresher = newMessage({ payload: Buffer.from('<new/>') });
      const { meta: newMeta } = await rotated.insertMessage(fresher);
      expect((await rotated.readPayload(oldMeta.id)).toString()).toBe('<old/>');
      expect((await rotated.readPayload(newMeta.id)).toString()).toBe('<new/>');
      const rows = await rawQuery(fresh.options, `select id, key_id from messages order by key_id`);
      expect(rows.map((r) => [r.id, r.key_id])).toEqual([[oldMeta.id, 'k1'], [newMeta.id, 'k2']]);
    } finally {
      await rotated.close();
    }

    const k2 = testSecrets('k2');
    const withoutK1 = await openStore({ ...fresh.options, secrets: { ...k2, payloadKeys: new Map([['k2', k2.payloadKeys.get('k2')!]]) } });
    try {
      const err = await withoutK1.readPayload(oldMeta.id).catch((e: unknown) => e);
      expect(isStoreError(err, 'PAYLOAD_KEY_UNKNOWN')).toBe(true);
    } finally {
      await withoutK1.close();
    }
  });

  it('finds messages by BSN through the keyed hash, and no BSN is anywhere in the database', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const a = await store.insertMessage(newMessage({ bsns: ['079646979', '999990019'] }));
    const b = await store.insertMessage(newMessage({ bsns: ['079646979'] }));
    await store.insertMessage(newMessage({ bsns: ['999990020'] }));

    expect((await store.findByBsn('079646979')).map((m) => m.id)).toEqual([a.meta.id, b.meta.id]);
    expect((await store.findByBsn(' 079646979 ')).map((m) => m.id)).toEqual([a.meta.id, b.meta.id]);
    expect((await store.findByBsn('999990019')).map((m) => m.id)).toEqual([a.meta.id]);
    expect(await store.findByBsn('79646979')).toEqual([]);
    expect(await store.findByBsn('123456782')).toEqual([]);

    const hashes = await rawQuery(fresh.options, `select bsn_hash from message_bsns`);
    expect(hashes).toHaveLength(4);
    for (const h of hashes) expect(h.bsn_hash).toMatch(/^[0-9a-f]{64}$/);

    const bsns = ['079646979', '999990019', '999990020', 'Jansen'];
    for (const table of ['messages', 'message_bsns', 'message_events', 'dedup_keys', 'deliveries']) {
      const text = JSON.stringify(await rawQuery(fresh.options, `select * from ${table}`), (_k, v: unknown) =>
        v !== null && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('latin1') : v,
      );
      for (const bsn of bsns) expect(text.includes(bsn), `${table} contains ${bsn}`).toBe(false);
    }
    if (fresh.options.sqliteFile !== undefined) {
      // Every byte SQLite has written: the main file and the write-ahead log.
      for (const file of [fresh.options.sqliteFile, `${fresh.options.sqliteFile}-wal`].filter((f) => existsSync(f))) {
        const bytes = readFileSync(file);
        for (const bsn of bsns) expect(bytes.includes(Buffer.from(bsn)), `${file} contains ${bsn}`).toBe(false);
      }
    }
  });

  it('markPublished moves received → published once, and never back from a later status', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const { meta } = await store.insertMessage(newMessage());
    await store.markPublished(meta.id);
    await store.markPublished(meta.id);
    const published = await store.getMeta(meta.id);
    expect(published?.status).toBe('published');
    expect(published?.publishedAt).toBeInstanceOf(Date);
    expect((await store.events(meta.id)).map((e) => e.type)).toEqual(['received', 'published']);

    const { meta: routedFirst } = await store.insertMessage(newMessage());
    await store.recordRouted(routedFirst.id, ['zorgaanbieder-a']); // the router can be quicker than markPublished
    await store.markPublished(routedFirst.id);
    expect((await store.getMeta(routedFirst.id))?.status).toBe('routed');
    // Being routed proves it was published: the history says so once, in order.
    expect((await store.events(routedFirst.id)).map((e) => e.type)).toEqual(['received', 'published', 'routed']);

    const err = await store.markPublished('00000000-0000-7000-8000-000000000000').catch((e: unknown) => e);
    expect(isStoreError(err, 'MESSAGE_NOT_FOUND')).toBe(true);
  });

  // PostgreSQL: the mark skips a row a delivery holds (SKIP LOCKED). If that delivery settles the message, the
  // sweeper never sees it again (it looks for 'received'), so the mark itself must come back for it. Seen in CI:
  // a message delivered, without published_at and without its 'published' event.
  it.runIf(testDbKind() === 'postgres')('a mark skipped while a delivery held the row is made once the delivery has settled it', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const { meta } = await store.insertMessage(newMessage());
    const delivery = new pg.Client({ connectionString: fresh.options.databaseUrl });
    await delivery.connect();
    try {
      await delivery.query('begin');
      await delivery.query(`update messages set status = 'delivered', delivered_at = $1 where id = $2`, [Date.now(), meta.id]);
      await store.markPublished(meta.id); // skipped: the row is held
      await delivery.query('commit');
    } finally {
      await delivery.end();
    }
    const deadline = Date.now() + 10_000;
    while ((await store.getMeta(meta.id))?.publishedAt === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const settled = await store.getMeta(meta.id);
    expect(settled?.status).toBe('delivered');
    expect(settled?.publishedAt).toBeInstanceOf(Date);
    expect((await store.events(meta.id)).map((e) => e.type)).toEqual(['received', 'published']);
  });

  it('group-commits concurrent markPublished calls, repeated ids included', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const metas = await Promise.all(Array.from({ length: 300 }, () => store.insertMessage(newMessage()).then((r) => r.meta)));
    const ids = metas.map((m) => m.id);
    await Promise.all([...ids, ...ids.slice(0, 20)].map((id) => store.markPublished(id)));
    expect((await store.countByStatus()).published).toBe(300);
    const events = await rawQuery(fresh.options, `select count(*) as n from message_events where type = 'published'`);
    expect(Number(events[0]!.n)).toBe(300);
  });

  it('findUnpublished returns only received messages older than the cutoff, oldest first, up to the limit', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const first = (await store.insertMessage(newMessage())).meta;
    await new Promise((r) => setTimeout(r, 5));
    const second = (await store.insertMessage(newMessage())).meta;
    await new Promise((r) => setTimeout(r, 5));
    const third = (await store.insertMessage(newMessage())).meta;
    await store.markPublished(second.id);
    const cutoff = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 5));
    await store.insertMessage(newMessage()); // received after the cutoff

    expect((await store.findUnpublished(cutoff, 10)).map((m) => m.id)).toEqual([first.id, third.id]);
    expect((await store.findUnpublished(cutoff, 1)).map((m) => m.id)).toEqual([first.id]);
    expect(await store.findUnpublished(first.receivedAt, 10)).toEqual([]);
    expect(await store.countByStatus()).toEqual({ received: 3, published: 1, routed: 0, delivered: 0, dead: 0 });
  });

  it('addEvent appends in order and fails typed for an unknown message', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    const { meta } = await store.insertMessage(newMessage());
    await store.addEvent(meta.id, 'unroutable', { reason: 'no-route' });
    await store.addEvent(meta.id, 'note');
    const events = await store.events(meta.id);
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ['received', expect.any(Object)],
      ['unroutable', { reason: 'no-route' }],
      ['note', undefined],
    ]);
    expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq);
    expect(events.every((e) => e.messageId === meta.id && e.at instanceof Date)).toBe(true);
    const err = await store.addEvent('00000000-0000-7000-8000-000000000000', 'x').catch((e: unknown) => e);
    expect(isStoreError(err, 'MESSAGE_NOT_FOUND')).toBe(true);
  });
});
