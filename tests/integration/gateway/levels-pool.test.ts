import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWmo323 } from '../../../bench/generate-wmo323.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, sample, uniqueWmo301 } from '../../support/corpus.ts';
import { capturedLogs, SPINE_ONLY, startTestChain, type TestChain } from '../../support/gateway.ts';

// Decision 0008: levels 1–2 run in the worker pool. A thread that dies under a message gives that request a
// retryable 503 (never a 500, nothing kept), and the pool replaces the thread: the next message is taken.
let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ features: SPINE_ONLY });
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

const stored = async () => Object.values(await chain.kp.store.countByStatus()).reduce((a, b) => a + b, 0);

describe('a validation thread that dies under a message', () => {
  it('answers 503 worker-unavailable with Retry-After, keeps nothing, and the next message is taken', async () => {
    const big = Buffer.from(generateWmo323(sample('iwmo-3.2', 'WMO323').toString('utf8'), { prestaties: 8_000 }).xml);
    const sender = partnerClient(chain.certs, 'aanbieder-65656055');
    const client = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const before = await stored();
      const answer = sender.post(chain.kp.url, big);
      // Stop the threads once the body is in the pool (validating 8 MB takes hundreds of ms even on a quiet
      // machine; the task reaches an idle thread at once), not after a fixed delay a fast machine outran.
      while (chain.kp.levels.running === 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      await Promise.all(chain.kp.levels.workerThreads.map((t) => t.terminate()));
      const res = await answer;
      expect(res.status).toBe(503);
      expect(res.body.errors[0].code).toBe('worker-unavailable');
      expect(res.headers['retry-after']).toBe('1');
      expect(await stored()).toBe(before);
      const next = await client.post(chain.kp.url, uniqueWmo301(970_001));
      expect(next.status).toBe(202);
    } finally {
      await sender.close();
      await client.close();
    }
  }, 120_000);
});
