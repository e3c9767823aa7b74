// Level 2 of this checkout against level 2 of another checkout (e.g. the commit before a rule change), on the
// same parsed messages, in one process and interleaved call by call, so the machine's load drift falls on both
// alike. Reports CPU time per call (process.cpuUsage) for the corpus WMO301 and the generated 10,000-line
// WMO323, and the difference as a share of levels 1–2 (measured here too, with this checkout's adapter).
//   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/node_modules
//   npx tsx bench/iwmo-level2-compare.ts /tmp/before [rounds = 9]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';
import { generateWmo323, WMO323_SAMPLE } from './generate-wmo323.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [otherArg, roundsArg = '9'] = process.argv.slice(2);
if (!otherArg) throw new Error('usage: npx tsx bench/iwmo-level2-compare.ts <other checkout> [rounds]');
const OTHER = path.resolve(otherArg);
const ROUNDS = Number(roundsArg);
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? path.join(ROOT, '../shared/corpus'));

type Level2 = (msg: CanonicalMessage) => unknown[];
const other = (await import(path.join(OTHER, 'adapters/iwmo-ijw/rules/index.ts'))) as { runLevel2: Level2; LEVEL2_RULES: readonly unknown[] };
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** CPU ms per call of fn, `calls` calls in a row. */
function cpuPerCall(fn: () => void, calls: number): number {
  const c0 = cpuMs();
  for (let i = 0; i < calls; i++) fn();
  return (cpuMs() - c0) / calls;
}

interface Row { name: string; levels12: number; here: number; there: number }

function compare(name: string, body: Buffer, calls: number): Row {
  const adapter = createIwmoIjwAdapter(path.join(ROOT, 'schemas'));
  const type = adapter.process(body).type;
  const msg = parseIwmoIjw(body, type);
  if (runLevel2(msg).length !== 0 || other.runLevel2(msg).length !== 0) throw new Error(`${name} breaks a level-2 rule`);
  const levels12 = () => { runLevel2(parseIwmoIjw(body, adapter.process(body).type)); };
  const wholeCalls = Math.max(1, Math.round(calls / 50));
  cpuPerCall(levels12, wholeCalls);
  cpuPerCall(() => runLevel2(msg), calls);
  cpuPerCall(() => other.runLevel2(msg), calls);
  const whole: number[] = [], here: number[] = [], there: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side runs first, so neither always gets the warmer cache.
    if (r % 2 === 0) { there.push(cpuPerCall(() => other.runLevel2(msg), calls)); here.push(cpuPerCall(() => runLevel2(msg), calls)); }
    else { here.push(cpuPerCall(() => runLevel2(msg), calls)); there.push(cpuPerCall(() => other.runLevel2(msg), calls)); }
    whole.push(cpuPerCall(levels12, wholeCalls));
  }
  adapter.dispose();
  return { name, levels12: median(whole), here: median(here), there: median(there) };
}

const WMO301 = readFileSync(path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO301.xml'));
const WMO323 = Buffer.from(generateWmo323(readFileSync(WMO323_SAMPLE, 'utf8'), { prestaties: 10_000 }).xml);
const rows = [compare('WMO301 (corpus)', WMO301, 20_000), compare('WMO323, 10,000 prestaties', WMO323, 10)];

const cpus = os.cpus();
const { LEVEL2_RULES } = await import('../adapters/iwmo-ijw/rules/index.ts');
console.log(`Machine: ${cpus.length} × ${cpus[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} at the end. `
  + `Level-2 rules: ${other.LEVEL2_RULES.length} there (${OTHER}), ${LEVEL2_RULES.length} here. Median of ${ROUNDS} rounds, CPU time per call.\n`);
console.log('| message | levels 1–2 here (CPU ms) | level 2 there | level 2 here | level 2 ratio | levels 1–2 ratio (here ÷ there) |');
console.log('|---|---|---|---|---|---|');
const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);
for (const r of rows) {
  const wholeThere = r.levels12 - r.here + r.there;
  console.log(`| ${r.name} | ${f(r.levels12)} | ${f(r.there)} | ${f(r.here)} | ${(r.here / r.there).toFixed(2)} | ${(r.levels12 / wholeThere).toFixed(3)} |`);
}
