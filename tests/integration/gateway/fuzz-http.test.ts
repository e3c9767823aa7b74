import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, randomSource } from '../../../fuzz/mutate.ts';
import { TARGETS } from '../../../fuzz/targets.ts';
import { maskDigits } from '../../../observability/logger.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';

// The fuzz targets (fuzz/) over the real HTTP path, a few per adapter: the whole gateway with every feature,
// so a mutated message meets the inspectors and consumers too. No answer may be a 500.
const PER_TARGET = Number(process.env.KP_FUZZ_HTTP_COUNT ?? 100);
// A TKB (iPgb 501) comes from the municipality's backend; every target of fuzz/targets.ts needs its sender here.
const SENDER: Record<string, string> = { 'iwmo-ijw': 'gemeente-0384', 'stuf-ggk': 'ggk', 'brp-lo3': 'gbav', 'brp-berichten-api': 'gbav', 'brp-stuf-bg': 'gbav', ipgb: 'gemeente-0384' };

let chain: TestChain;
const statuses = new Map<string, number[]>();

beforeAll(async () => {
  chain = await startTestChain({ endpoints: { 'aanbieder-42420001': () => ({ status: 200 }), 'gemeente-0384': () => ({ status: 200 }) } });
  for (const target of TARGETS) {
    const sender = SENDER[target.name];
    if (sender === undefined) throw new Error(`fuzz-http: no sender for fuzz target ${target.name}`);
    const client = partnerClient(chain.certs, sender, 4);
    const seeds = target.seeds();
    const rnd = randomSource(4242);
    const seen: number[] = [];
    try {
      for (let i = 0; i < PER_TARGET; i++) {
        const { input } = mutate(seeds[Math.floor(rnd() * seeds.length)]!, target.mutators, rnd);
        if (input.length === 0) continue;
        seen.push((await client.post(chain.kp.url, input)).status);
      }
    } finally {
      await client.close();
    }
    statuses.set(target.name, seen);
  }
}, 600_000);

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

// (The one input known to give a 500 today, an XSD-valid iWmo message with `<?x "?>`, is in
// processing-instructions.test.ts; these seeded mutations do not reach it.)
describe.each(TARGETS.map((t) => t.name))('%s over HTTP', (name) => {
  it(`answers ${PER_TARGET} mutated messages without a 500`, () => {
    const seen = statuses.get(name)!;
    console.log(`${name}: ${JSON.stringify(Object.fromEntries([...new Set(seen)].sort().map((s) => [s, seen.filter((x) => x === s).length])))}`);
    expect(seen.length).toBeGreaterThan(PER_TARGET / 2);
    const fives = seen.filter((s) => s >= 500 && s !== 503);
    // Say why, should it happen: the gateway's own error lines (digits masked).
    if (fives.length > 0) console.log(capturedLogs.filter((l) => l.includes('"level":50')).map((l) => maskDigits(l).slice(0, 2000)).join('\n'));
    expect(fives).toEqual([]);
  });
});
