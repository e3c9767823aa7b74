// npm run fuzz [-- --count N --seconds S --targets a,b --seed N --out DIR]
// or KP_FUZZ_COUNT, KP_FUZZ_SECONDS (per target), KP_FUZZ_TARGETS, KP_FUZZ_SEED, KP_FUZZ_OUT.
// Exits 1 when any target had a finding. Run it niced on a shared machine: nice -n 19 npm run fuzz.
import { parseArgs } from 'node:util';
import { readVariables, SettingsError } from '../config/schema.ts';
import { fuzzTarget } from './fuzz.ts';
import { FuzzHarness, TARGETS } from './targets.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string' }, seconds: { type: 'string' }, targets: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
  },
});
// The KP_FUZZ_* variables by the one configuration schema (config/schema.ts): a bad value names the variable.
let env;
try {
  env = readVariables(process.env, ['KP_FUZZ_COUNT', 'KP_FUZZ_SECONDS', 'KP_FUZZ_SEED', 'KP_FUZZ_OUT', 'KP_FUZZ_TARGETS']);
} catch (err) {
  if (!(err instanceof SettingsError)) throw err;
  console.error(`fuzz: ${err.message}`);
  process.exit(2);
}
const count = Number(values.count ?? env.KP_FUZZ_COUNT);
const seconds = Number(values.seconds ?? env.KP_FUZZ_SECONDS);
const seed = Number(values.seed ?? env.KP_FUZZ_SEED);
const outDir = values.out ?? env.KP_FUZZ_OUT!;
const names = (values.targets ?? env.KP_FUZZ_TARGETS ?? TARGETS.map((t) => t.name).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
if (unknown.length > 0 || !Number.isFinite(count) || !Number.isFinite(seconds)) {
  console.error(`usage: --count N --seconds S --targets ${TARGETS.map((t) => t.name).join(',')} --seed N --out DIR${unknown.length ? ` (unknown: ${unknown.join(',')})` : ''}`);
  process.exit(2);
}

const harness = new FuzzHarness();
let total = 0;
for (const target of TARGETS.filter((t) => names.includes(t.name))) {
  const s = fuzzTarget(harness, target, { count, seconds, seed, outDir });
  total += s.findings;
  console.log(JSON.stringify({
    target: s.target, inputs: s.inputs, accepted: s.accepted, rejected: s.rejected, findings: s.findings, distinctFindings: s.distinct.length,
    seconds: s.seconds, slowestMs: s.slowestMs, stoppedBy: s.stoppedBy,
    topRejections: Object.entries(s.rejectedBy).sort((a, b) => b[1] - a[1]).slice(0, 8),
  }));
  for (const f of s.distinct) console.log(`  finding [${f.stage}] ${f.name}: ${f.message} at ${f.where} (×${f.times}, first #${f.first}, via ${f.mutations.join('+')}) → ${f.file ?? '-'}`);
}
harness.dispose();
process.exit(total > 0 ? 1 : 0);
