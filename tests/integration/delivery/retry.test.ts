import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataIn, sample, uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { AMQP_URL, capturedLogs, startTestChain, SPINE_ONLY, untilEvent, type TestChain } from '../../support/gateway.ts';

const BASE_MS = 200;
const MAX_ATTEMPTS = 4;

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ features: SPINE_ONLY,
    endpoints: { 'aanbieder-42420001': () => ({ status: 200 }), 'aanbieder-65656055': () => ({ status: 500 }) },
    delivery: { backoffBaseMs: BASE_MS, backoffMaxMs: 5_000, maxAttempts: MAX_ATTEMPTS, timeoutMs: 2_000 },
  });
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

async function send(partner: string, body: Buffer, key?: string): Promise<string> {
  const client = partnerClient(chain.certs, partner);
  const res = await client.post(chain.kp.url, body, key ? { 'idempotency-key': key } : {});
  await client.close();
  expect(res.status).toBe(202);
  return res.body.id as string;
}

async function deadLetters(): Promise<Array<{ id: string; headers: Record<string, unknown> }>> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  const out: Array<{ id: string; headers: Record<string, unknown> }> = [];
  for (;;) {
    const msg = await ch.get(chain.kp.broker.names.dead, { noAck: false });
    if (!msg) break;
    out.push({ id: msg.properties.messageId as string, headers: msg.properties.headers ?? {} });
  }
  await ch.close(); // unacked messages go back to the queue
  await conn.close();
  return out;
}

describe('delivery retries and dead-lettering', () => {
  it('delivers on the fourth attempt to an endpoint that fails three times, with growing delays', async () => {
    const endpoint = chain.endpoints['aanbieder-42420001']!;
    endpoint.behaviour = (n) => ({ status: n <= 3 ? 503 : 200 });
    const id = await send('gemeente-0384', uniqueWmo301(1));
    await endpoint.waitFor(1, 20_000);
    expect(endpoint.received.has(id)).toBe(true);
    const hits = endpoint.hits.get(id)!;
    expect(hits).toHaveLength(4);
    const gaps = hits.slice(1).map((t, i) => t - hits[i]!);
    // Attempt n waits between base·2^(n-2) and base·2^(n-1): the gaps grow.
    gaps.forEach((gap, i) => expect(gap, `gap ${i + 1}`).toBeGreaterThanOrEqual(BASE_MS * 2 ** (i - 1) - 20));
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    const events = await untilEvent(chain, id, 'delivered', 5_000);
    const attempts = events.filter((e) => e.type === 'delivery-attempt');
    expect(attempts.map((e) => e.detail?.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
    expect(attempts.map((e) => e.detail?.httpStatus)).toEqual([503, 503, 503, 200]);
    endpoint.behaviour = () => ({ status: 200 });
  });

  it('dead-letters a message whose endpoint always fails, with its reason and every attempt', async () => {
    const id = await send('gemeente-0384', sample('iwmo-3.2', 'WMO319'), 'always-fails');
    const events = await untilEvent(chain, id, 'dead', 30_000);
    expect(events.filter((e) => e.type === 'delivery-attempt')).toHaveLength(MAX_ATTEMPTS);
    expect(events.find((e) => e.type === 'dead')?.detail).toMatchObject({ reason: 'attempts-exhausted' });
    expect(chain.endpoints['aanbieder-65656055']!.hits.get(id)).toHaveLength(MAX_ATTEMPTS);
    expect((await chain.kp.store.getMeta(id))?.status).toBe('dead');
    const dead = (await deadLetters()).find((d) => d.id === id);
    expect(dead?.headers).toMatchObject({ 'x-kp-partner': 'aanbieder-65656055', 'x-kp-reason': 'attempts-exhausted', 'x-kp-attempts': MAX_ATTEMPTS });
    expect(String(dead?.headers['x-kp-last-error'])).toContain('500');
  });

  it('dead-letters at once on a 4xx from the partner', async () => {
    const endpoint = chain.endpoints['aanbieder-42420001']!;
    endpoint.behaviour = () => ({ status: 400 });
    const id = await send('gemeente-0384', uniqueWmo301(2));
    const events = await untilEvent(chain, id, 'dead', 10_000);
    expect(events.filter((e) => e.type === 'delivery-attempt')).toHaveLength(1);
    expect(events.find((e) => e.type === 'dead')?.detail).toMatchObject({ reason: 'http-400' });
    expect(endpoint.hits.get(id)).toHaveLength(1);
    const dead = (await deadLetters()).find((d) => d.id === id);
    expect(dead?.headers).toMatchObject({ 'x-kp-reason': 'http-400', 'x-kp-attempts': 1 });
    endpoint.behaviour = () => ({ status: 200 });
  });
});
