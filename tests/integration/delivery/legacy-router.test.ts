import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKetenpoort, type Ketenpoort } from '../../../ketenpoort.ts';
import { createLogger } from '../../../observability/logger.ts';
import { legacyTopologyNames, topologyNames, workQueueArguments } from '../../../queue/topology.ts';
import { newMessage } from '../store/new-message.ts';
import { AMQP_URL, SPINE_ONLY, startTestChain, type TestChain } from '../../support/gateway.ts';
import { rawQuery, testDbKind } from '../../support/db.ts';

// Upgrade safety for the router hop issue 10 removed: messages an older version left on P.router (stored,
// published, no delivery rows yet) are delivered by the next start, which drains the queue once and deletes it
// and P.inbound. The reconciler is off in both gateways here, so only the drain can have delivered them.

const PARTNER = 'aanbieder-42420001';
let chain: TestChain;
let second: Ketenpoort | undefined;
const logs: string[] = [];

beforeAll(async () => {
  chain = await startTestChain({ features: SPINE_ONLY, env: { KP_RECONCILE_INTERVAL_MS: '0' } });
});

afterAll(async () => {
  await second?.close();
  await chain?.close();
});

/** A message as the old version left it on the router queue: stored, published, not routed. */
async function storedByOldVersion(): Promise<string> {
  const { store } = chain.kp;
  const { meta } = await store.insertMessage(newMessage({ senderPartner: 'gemeente-0384', destinations: [PARTNER] }));
  await store.markPublished(meta.id);
  await rawQuery(dbOptions(), `delete from deliveries where message_id = '${meta.id}'`);
  await rawQuery(dbOptions(), `update messages set status = 'published' where id = '${meta.id}'`);
  return meta.id;
}

function dbOptions() {
  return chain.env.DATABASE_URL ? { databaseUrl: chain.env.DATABASE_URL } : { sqliteFile: chain.env.KP_SQLITE_FILE! };
}

describe('the router queue of an older version', () => {
  it(`is drained at start on ${testDbKind()}: every message on it delivered, then the queue and P.inbound deleted`, async () => {
    const prefix = chain.settings.queuePrefix;
    const legacy = legacyTopologyNames(prefix);
    const names = topologyNames(prefix);
    const ids = [await storedByOldVersion(), await storedByOldVersion(), await storedByOldVersion()];
    const unknown = randomUUID();

    // The old topology, as the old version declared it, with the old version's messages on it.
    const conn = await connect(AMQP_URL);
    try {
      const ch = await conn.createConfirmChannel();
      await ch.assertExchange(legacy.inbound, 'topic', { durable: true, alternateExchange: names.dead });
      await ch.assertQueue(legacy.router, { durable: true, arguments: workQueueArguments(names) });
      await ch.bindQueue(legacy.router, legacy.inbound, '#');
      for (const id of [...ids, unknown]) ch.publish(legacy.inbound, 'iwmo-ijw.WMO301', Buffer.from(id), { messageId: id, persistent: true });
      await ch.waitForConfirms();
      expect((await ch.checkQueue(legacy.router)).messageCount).toBe(4);
      await ch.close();
    } finally {
      await conn.close();
    }
    // Nothing else routes them: the running gateway does not read the old queue, and its reconciler is off.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ids.filter((id) => chain.endpoints[PARTNER]!.received.has(id))).toEqual([]);

    // The next version starts on the same store and broker.
    const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } }) });
    second = await startKetenpoort(chain.settings, chain.env, { logger, features: SPINE_ONLY });
    await expect.poll(() => ids.filter((id) => chain.endpoints[PARTNER]!.received.has(id)).length, { timeout: 30_000 }).toBe(3);
    await expect.poll(() => logs.some((l) => l.includes('drained the router queue of an older version')), { timeout: 10_000 }).toBe(true);
    const drained = JSON.parse(logs.find((l) => l.includes('drained the router queue'))!) as { drained: number; routed: number; deleted: boolean };
    expect(drained).toMatchObject({ drained: 4, routed: 3, deleted: true });
    for (const id of ids) {
      const events = await chain.kp.store.events(id);
      expect(events.find((e) => e.type === 'reconciled')?.detail).toMatchObject({ why: 'not-routed', partners: [PARTNER] });
    }

    const check = await connect(AMQP_URL);
    check.on('error', () => {});
    try {
      const c1 = await check.createChannel();
      c1.on('error', () => {});
      await expect(c1.checkQueue(legacy.router)).rejects.toMatchObject({ code: 404 });
      const c2 = await check.createChannel();
      c2.on('error', () => {});
      await expect(c2.checkExchange(legacy.inbound)).rejects.toMatchObject({ code: 404 });
    } finally {
      await check.close().catch(() => {});
    }
  });
});
