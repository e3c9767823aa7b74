import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, sample } from '../../support/corpus.ts';
import { SPINE_ONLY, capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';

// Issue 9: a refused message is kept for the operator up to KP_REFUSED_KEEP_BYTES (the rest cut off, and
// the record says so), and a partner's refusals add at most KP_REFUSED_MAX_PER_PARTNER_BYTES per window.
const KEEP = 8192, BUDGET = 40_000;

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({
    features: SPINE_ONLY,
    endpoints: { 'aanbieder-42420001': () => ({ status: 200 }) },
    env: { KP_REFUSED_KEEP_BYTES: String(KEEP), KP_REFUSED_MAX_PER_PARTNER_BYTES: String(BUDGET) },
  });
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

/** A WMO301 addressed to nobody configured (422 no-route, refused after the sender is known), padded to `bytes`. */
function unroutable(bytes: number, n: number): Buffer {
  const xml = sample('iwmo-3.2', 'WMO301').toString('utf8')
    .replace('<wmo301:Ontvanger>42420001</wmo301:Ontvanger>', '<wmo301:Ontvanger>11111111</wmo301:Ontvanger>')
    .replace(/<iwmo:Identificatie>[^<]*</, `<iwmo:Identificatie>R${String(n).padStart(11, '0')}<`);
  const pad = bytes - Buffer.byteLength(xml) - '<!--  -->\n'.length;
  return Buffer.from(`${xml}<!-- ${'p'.repeat(Math.max(0, pad))} -->\n`);
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const m = await chain.kp.metrics.registry.getSingleMetric(name)?.get();
  return (m?.values ?? []).filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}

describe('refused messages kept for the operator', () => {
  it('keeps a large refused message only up to KP_REFUSED_KEEP_BYTES, and its refused event says it was truncated and how large it was', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const body = unroutable(20_000, 1);
      const res = await client.post(chain.kp.url, body);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].code).toBe('no-route');
      const id = res.body.id as string;
      expect(id).toBeTruthy();
      const meta = await chain.kp.store.getMeta(id);
      expect(meta).toMatchObject({ status: 'dead', reason: 'no-route', size: KEEP });
      expect((await chain.kp.store.readPayload(id)).equals(body.subarray(0, KEEP))).toBe(true);
      const refused = (await chain.kp.store.events(id)).find((e) => e.type === 'refused');
      expect(refused?.detail).toMatchObject({ reason: 'no-route', truncated: { originalBytes: 20_000, keptBytes: KEEP } });
      expect((refused?.detail as { truncated: { originalSha256: string } }).truncated.originalSha256).toMatch(/^[0-9a-f]{64}$/);

      // A small refusal is kept whole, with no truncation said.
      const small = await client.post(chain.kp.url, unroutable(0, 2));
      const smallEvent = (await chain.kp.store.events(small.body.id)).find((e) => e.type === 'refused');
      expect(smallEvent?.detail).not.toHaveProperty('truncated');
    } finally {
      await client.close();
    }
  });

  it("bounds a partner's refusals per window: beyond the budget they are answered but not kept, with a metric and one log line", async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const other = partnerClient(chain.certs, 'gemeente-0363');
    try {
      // Spent so far by the test above: KEEP + the small one. Send until refusals are no longer kept.
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(await client.post(chain.kp.url, unroutable(20_000, 100 + i)));
      expect(answers.every((a) => a.status === 422 && a.body.errors[0].code === 'no-route')).toBe(true);
      const kept = answers.filter((a) => a.body.id !== undefined).length;
      expect(kept).toBeGreaterThanOrEqual(2);
      expect(kept).toBeLessThan(answers.length);
      expect(answers.slice(kept).every((a) => a.body.id === undefined)).toBe(true); // once spent, none kept
      expect(await metric('kp_refused_not_kept_total', { partner: 'gemeente-0384' })).toBe(answers.length - kept);
      expect(await metric('kp_refused_kept_bytes_total', { partner: 'gemeente-0384' })).toBeLessThanOrEqual(BUDGET);
      expect(capturedLogs.filter((l) => l.includes('no longer kept') && l.includes('gemeente-0384'))).toHaveLength(1);

      // Another partner's budget is its own (a gemeente-0363 WMO301 addressed to nobody).
      const mine = sample('iwmo-3.2', 'WMO301').toString('utf8').replace('<wmo301:Afzender>0384<', '<wmo301:Afzender>0363<')
        .replace('<wmo301:Ontvanger>42420001</wmo301:Ontvanger>', '<wmo301:Ontvanger>11111111</wmo301:Ontvanger>');
      const res = await other.post(chain.kp.url, mine);
      expect(res.status).toBe(422);
      expect(res.body.id).toBeTruthy();
    } finally {
      await client.close();
      await other.close();
    }
  });
});
