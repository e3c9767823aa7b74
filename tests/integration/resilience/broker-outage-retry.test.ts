import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTopology } from '../../../queue/topology.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, TEST_RETRY_TIERS, type TestChain } from '../../support/gateway.ts';
import { ExtraRabbitNode } from '../../support/rabbitmq.ts';

// A 202 means the broker confirmed, also for a retry with the same Idempotency-Key: during a broker outage the
// retry of a stored but unconfirmed message is answered 503 again, never 202 from the stored row.
// The broker here is a node of the test's own (KP_TEST_EXTRA_RABBITMQ_NODE, default node 2 on port 5673), so
// stopping it disturbs no one else on the machine.

const node = new ExtraRabbitNode(Number(process.env.KP_TEST_EXTRA_RABBITMQ_NODE ?? 2));
let startedHere = false;
let chain: TestChain;

beforeAll(async () => {
  startedHere = !(await node.running());
  await node.start();
  chain = await startTestChain({ env: { AMQP_URL: node.url } });
}, 180_000);

afterAll(async () => {
  if (chain) {
    await chain.close();
    await deleteTopology(node.url, chain.env.KP_QUEUE_PREFIX!, chain.kp.destinations, TEST_RETRY_TIERS).catch(() => undefined);
  }
  if (startedHere) await node.destroy();
  expect(personalDataIn(capturedLogs)).toEqual([]);
}, 120_000);

describe('a retry with the same Idempotency-Key during a broker outage', () => {
  it('is answered 503 while the broker is down, and 202 with the same id once it confirmed; delivered once', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const body = uniqueWmo301(1);
    const key = 'outage-retry-1';
    try {
      await node.stopApp();
      await expect.poll(() => chain.kp.broker.isUp, { timeout: 15_000 }).toBe(false);
      const first = await client.post(chain.kp.url, body, { 'idempotency-key': key });
      expect(first.status).toBe(503);
      expect(first.body.errors[0].code).toBe('broker-unavailable');
      const id = first.body.id as string;
      for (let i = 0; i < 3; i++) {
        const again = await client.post(chain.kp.url, body, { 'idempotency-key': key });
        expect(again.status, `retry ${i + 1} during the outage`).toBe(503);
        expect(again.headers['retry-after']).toBeDefined();
        expect(again.body.id).toBe(id);
      }
      expect((await chain.kp.store.getMeta(id))?.status).toBe('received');

      await node.startApp();
      expect(await chain.kp.broker.whenUp(60_000)).toBe(true);
      let accepted: Awaited<ReturnType<typeof client.post>> | undefined;
      for (let i = 0; i < 40 && accepted?.status !== 202; i++) {
        accepted = await client.post(chain.kp.url, body, { 'idempotency-key': key });
        if (accepted.status !== 202) await new Promise((r) => setTimeout(r, 250));
      }
      expect(accepted?.status).toBe(202);
      expect(accepted?.body.id).toBe(id);
      const endpoint = chain.endpoints['aanbieder-42420001']!;
      await endpoint.waitFor(1, 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(endpoint.hits.get(id)).toHaveLength(1); // counted before the receiver's dedup
    } finally {
      if (!chain.kp.broker.isUp) await node.startApp().catch(() => undefined);
      await client.close();
    }
  }, 180_000);
});
