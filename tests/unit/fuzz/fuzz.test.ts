import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzTarget, type FuzzSummary } from '../../../fuzz/fuzz.ts';
import { FuzzHarness, TARGETS } from '../../../fuzz/targets.ts';

// A small bounded run of every fuzz target (npm run fuzz runs the big one): 2,000 mutated corpus seeds per
// adapter through the registry's detect-and-validate path, and no input may throw anything but a
// MessageRejected (a 4xx), since anything else is a 500 at ingest.
const COUNT = Number(process.env.KP_FUZZ_TEST_COUNT ?? 2000);

let harness: FuzzHarness;
beforeAll(() => { harness = new FuzzHarness(); });
afterAll(() => harness.dispose());

const summaries = new Map<string, FuzzSummary>();
function run(name: string): FuzzSummary {
  let s = summaries.get(name);
  if (!s) {
    s = fuzzTarget(harness, TARGETS.find((t) => t.name === name)!, { count: COUNT, seconds: 50, seed: 20261202 });
    summaries.set(name, s);
  }
  return s;
}

describe.each(TARGETS.map((t) => t.name))('fuzz target %s', (name) => {
  it(`answers ${COUNT} mutated inputs with an acceptance or a 4xx, never a 500 from the adapter`, () => {
    const s = run(name);
    expect(s.inputs).toBeGreaterThan(Math.min(COUNT, 500));
    // The mutations reach both sides: some inputs pass, most are refused.
    expect(s.accepted).toBeGreaterThan(0);
    expect(s.rejected).toBeGreaterThan(s.inputs / 4);
    expect(s.distinct.filter((f) => f.stage === 'adapter').map((f) => `${f.name}: ${f.message} at ${f.where}`)).toEqual([]);
  }, 60_000);
});

describe('the iWmo/iJw model, level 2 and the retour on what the adapter accepted (the adapter\'s one parse)', () => {
  // Before the one parse, a processing instruction with a quote (`<?x "?>`) made the second parser throw
  // ("Pi Tag is not closed"), and CDATA in the header made the retour builder disagree with the model.
  it('never throws on what the adapter accepted', () => {
    expect(run('iwmo-ijw').distinct.filter((f) => f.stage === 'istandaarden-model').map((f) => `${f.name}: ${f.message}`)).toEqual([]);
  });
});
