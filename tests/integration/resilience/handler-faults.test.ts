import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import type { DeliveryRequest } from '../../../delivery/client.ts';
import { Reconciler } from '../../../delivery/reconciler.ts';
import type { Feature } from '../../../feature.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { rawQuery } from '../../support/db.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';
import { opsClient } from '../cockpit/ops-client.ts';

// A consumer inside the gateway that fails: retried through the delay tiers with growing pauses (never a
// tight loop), bounded, and dead in the store with its reason, where the cockpit shows it. And the
// reconciler: whatever the broker lost is put back on its way from the store's rows.

const LOCAL = 'faults-local';
const BASE_MS = 200;
const MAX_ATTEMPTS = 5;

/** How the handler answers its n-th call (1-based) for a message. */
let behaviour: (n: number) => 'throw' | 'ok' = () => 'ok';
const calls = new Map<string, number[]>();

const flakyFeature: Feature = {
  name: 'faults-test',
  setup: () => ({
    consumers: [{
      name: LOCAL,
      matches: (m) => m.type === 'WMO301',
      policy: { backoffBaseMs: BASE_MS, backoffMaxMs: 5_000, maxAttempts: MAX_ATTEMPTS, timeoutMs: 2_000, concurrency: 4 },
      async handle(req: DeliveryRequest) {
        const times = calls.get(req.messageId) ?? [];
        times.push(performance.now());
        calls.set(req.messageId, times);
        if (behaviour(times.length) === 'throw') throw new Error('the consumer failed (test)');
      },
    }],
  }),
};

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ features: [auditFeature, cockpitFeature, flakyFeature] });
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

async function send(n: number): Promise<string> {
  const client = partnerClient(chain.certs, 'gemeente-0384');
  const res = await client.post(chain.kp.url, uniqueWmo301(n), { 'idempotency-key': `handler-faults-${n}` });
  await client.close();
  expect(res.status).toBe(202);
  return res.body.id as string;
}

describe('a consumer handler that fails', () => {
  it('throws three times, then succeeds: delivered on the fourth call, with growing pauses between calls', async () => {
    behaviour = (n) => (n <= 3 ? 'throw' : 'ok');
    const id = await send(1);
    const events = await untilEvent(chain, id, 'delivered', 30_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for any extra call a loop would make
    const times = calls.get(id)!;
    expect(times).toHaveLength(4); // counted: no tight loop, no extra call
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Attempt n waits between base·2^(n-1)/2 and base·2^(n-1).
    gaps.forEach((gap, i) => expect(gap, `pause ${i + 1}`).toBeGreaterThanOrEqual((BASE_MS * 2 ** i) / 2 - 20));
    const attempts = events.filter((e) => e.type === 'delivery-attempt');
    expect(attempts.map((e) => e.detail?.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
    expect(String(attempts[0]!.detail?.error)).toContain('consumer-error');
    console.info(`[faults] flaky handler: 4 calls, pauses ${gaps.map((g) => Math.round(g)).join(', ')} ms`);
  });

  it('always throws: bounded, then dead in the store with its reason, and listed by the cockpit dead-letters API', async () => {
    behaviour = () => 'throw';
    const id = await send(2);
    const events = await untilEvent(chain, id, 'dead', 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(calls.get(id)).toHaveLength(MAX_ATTEMPTS);
    expect(events.find((e) => e.type === 'dead')?.detail).toMatchObject({ partner: LOCAL, reason: 'attempts-exhausted' });
    const [row] = await rawQuery(chain.env.DATABASE_URL ? { databaseUrl: chain.env.DATABASE_URL } : { sqliteFile: chain.env.KP_SQLITE_FILE! },
      `select status, reason, last_error, attempts from deliveries where message_id = '${id}'`);
    expect(row).toMatchObject({ status: 'dead', reason: 'attempts-exhausted' });
    expect(String(row!.last_error)).toContain('consumer-error');
    expect((await chain.kp.store.getMeta(id))?.status).toBe('dead');

    const ops = opsClient(chain.certs, 'operator', chain.kp.url);
    try {
      const list = await ops.get(`/v1/ops/dead?destination=${LOCAL}`);
      expect(list.status).toBe(200);
      const letter = (list.body.items as Array<{ messageId: string; destination: string; reason: string; lastError: string }>).find((d) => d.messageId === id);
      expect(letter).toMatchObject({ destination: LOCAL, reason: 'attempts-exhausted' });
      expect(letter!.lastError).toContain('consumer-error');
      const detail = await ops.get(`/v1/ops/dead/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.attempts).toHaveLength(MAX_ATTEMPTS);
    } finally {
      await ops.close();
    }
  });
});

describe('the reconciler', () => {
  it('puts back on their way a published message that was never routed, a delivery nobody attempted and an expired claim', async () => {
    behaviour = () => 'ok';
    const { store, broker, logger } = chain.kp;
    const stored = async () => {
      const { meta } = await store.insertMessage({
        senderPartner: 'ketenpoort', senderOin: 'ketenpoort', family: 'iwmo-ijw', type: 'WMO301', dedupKey: `reconcile-${Math.random()}`,
        payload: uniqueWmo301(900 + calls.size), contentType: 'application/xml', bsns: [], destinations: [LOCAL],
      });
      await store.markPublished(meta.id);
      return meta.id;
    };
    // None of these has a copy on the broker: what a lost publish, a dropped copy or a killed process leaves.
    const unrouted = await stored();
    // Ingest writes the delivery rows with the message; one without them was stored by an earlier version
    // (the router wrote them), and is left over after an upgrade.
    const db = chain.env.DATABASE_URL ? { databaseUrl: chain.env.DATABASE_URL } : { sqliteFile: chain.env.KP_SQLITE_FILE! };
    await rawQuery(db, `delete from deliveries where message_id = '${unrouted}'`);
    await rawQuery(db, `update messages set status = 'published' where id = '${unrouted}'`);
    const notAttempted = await stored();
    await store.recordRouted(notAttempted, [LOCAL]);
    const claimed = await stored();
    await store.recordRouted(claimed, [LOCAL]);
    await store.claimDelivery(claimed, LOCAL, 'a-process-that-died', 1);

    const reconciler = new Reconciler({ store, broker, logger, registry: new Registry(), destinations: [LOCAL] }, { intervalMs: 0, afterMs: 1_000, batch: 100 });
    expect(await reconciler.reconcile()).toEqual({ routed: 0, republished: 0 }); // not stranded yet
    const first = await reconciler.reconcile(Date.now() + 5_000);
    expect(first).toEqual({ routed: 1, republished: 2 });
    for (const id of [unrouted, notAttempted, claimed]) await untilEvent(chain, id, 'delivered', 15_000);
    for (const id of [unrouted, notAttempted, claimed]) {
      expect((await store.getMeta(id))?.status).toBe('delivered');
      expect(calls.get(id)).toHaveLength(1);
    }
  });
});
