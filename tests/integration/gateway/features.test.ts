import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { PermanentFailure } from '../../../delivery/transport.ts';
import type { Feature } from '../../../feature.ts';
import { partnerClient } from '../../support/client.ts';
import { corpusFiles, personalDataIn, sample } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';

// The feature mechanism itself (docs/decisions/0002): a local consumer as a destination with the
// spine's retries and dead-lettering, messages the gateway emits, and refused messages kept.
const handled: string[] = [];
let failuresLeft = 2;

const probe: Feature = {
  name: 'probe',
  setup: () => ({
    consumers: [
      {
        name: 'probe-ok',
        matches: (m) => m.type === 'WMO317',
        policy: { backoffBaseMs: 50, backoffMaxMs: 200, maxAttempts: 5 },
        handle: async (req) => {
          if (failuresLeft-- > 0) throw new Error('not yet');
          handled.push(req.messageId);
        },
      },
      {
        name: 'probe-refuses',
        matches: (m) => m.type === 'WMO323',
        handle: async () => { throw new PermanentFailure('probe-says-no', 'this consumer never takes a 323'); },
      },
    ],
  }),
};

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({
    endpoints: { 'aanbieder-42420001': () => ({ status: 200 }), 'gemeente-0384': () => ({ status: 200 }) },
    features: [auditFeature, probe],
  });
});
afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

describe('features', () => {
  it('routes matching messages to a local consumer, which gets retries like a partner', async () => {
    const client = partnerClient(chain.certs, 'aanbieder-65656055');
    try {
      const res = await client.post(chain.kp.url, sample('iwmo-3.2', 'WMO317'));
      expect(res.status).toBe(202);
      const events = await untilEvent(chain, res.body.id, 'delivered', 20_000);
      expect(handled).toEqual([res.body.id]);
      expect(events.filter((e) => e.type === 'delivery-attempt').map((e) => e.detail?.outcome)).toEqual(['retry', 'retry', 'delivered']);
      expect((await chain.kp.store.getMeta(res.body.id))?.destinations).toEqual(['probe-ok']);
      expect(chain.endpoints['gemeente-0384']!.received.size).toBe(0);
    } finally {
      await client.close();
    }
  });

  it("dead-letters at once on a consumer's permanent failure, with its reason", async () => {
    const client = partnerClient(chain.certs, 'aanbieder-65656055');
    try {
      const res = await client.post(chain.kp.url, sample('iwmo-3.2', 'WMO323'));
      expect(res.status).toBe(202);
      const events = await untilEvent(chain, res.body.id, 'dead', 20_000);
      expect(events.find((e) => e.type === 'dead')?.detail).toMatchObject({ partner: 'probe-refuses', reason: 'probe-says-no', attempt: 1 });
      expect((await chain.kp.store.getMeta(res.body.id))?.status).toBe('dead');
    } finally {
      await client.close();
    }
  });

  it('emits a message of its own once, however often it is asked to', async () => {
    const request = {
      family: 'test', type: 'note', payload: Buffer.from('{"hello":"partner"}'), contentType: 'application/json',
      destinations: ['aanbieder-42420001'], dedupKey: 'note-1', relation: 'test-of',
    };
    const first = await chain.kp.ingest.emit(request);
    const second = await chain.kp.ingest.emit(request);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.meta.id).toBe(first.meta.id);
    await untilEvent(chain, first.meta.id, 'delivered', 20_000);
    const endpoint = chain.endpoints['aanbieder-42420001']!;
    expect(endpoint.received.get(first.meta.id)?.body.toString()).toBe('{"hello":"partner"}');
    expect(endpoint.received.get(first.meta.id)?.contentType).toBe('application/json');
    expect((await chain.kp.store.getMeta(first.meta.id))?.senderPartner).toBe('ketenpoort');
  });

  it('keeps a message refused at level 1 as dead, with the reason and the errors, digits masked', async () => {
    const [invalid] = corpusFiles('ijw-3.2/samples-invalid');
    const client = partnerClient(chain.certs, 'aanbieder-42420001');
    try {
      const res = await client.post(chain.kp.url, invalid!.body);
      expect(res.status).toBe(400);
      const code = res.body.errors[0].code as string;
      // The store write happens beside the answer; wait for it.
      let kept: Awaited<ReturnType<typeof chain.kp.store.findUnpublished>> = [];
      for (let i = 0; i < 100 && kept.length === 0; i++) {
        const rows = await chain.kp.store.tables().selectFrom('messages').select('id').where('status', '=', 'dead').where('reason', '=', code).execute();
        kept = (await Promise.all(rows.map((r) => chain.kp.store.getMeta(r.id)))).filter((m) => m !== undefined);
        if (kept.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(kept).toHaveLength(1);
      const events = await chain.kp.store.events(kept[0]!.id);
      expect(events.map((e) => e.type)).toEqual(['received', 'refused']);
      const refused = events[1]!.detail as { reason: string; errors: { message: string }[] };
      expect(refused.reason).toBe(code);
      expect(refused.errors.every((e) => !/\d{9}/.test(e.message))).toBe(true);
      // A refused message never makes the same bytes, sent again, a duplicate.
      const again = await client.post(chain.kp.url, invalid!.body);
      expect(again.status).toBe(400);
    } finally {
      await client.close();
    }
  });
});
