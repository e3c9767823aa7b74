// iWmo/iJw levels 1–2 as the gateway runs them on one message, on one core:
//   level 1  createIwmoIjwAdapter(schemas).process(body)  prolog sniff, hardened parse, XSD, then one walk over the
//                                                         validated tree for the header, the Bsns and the
//                                                         canonical model (one parse; docs/decisions/0015)
//   level 2  runLevel2(message.model)                     the in-message rules
// (`model: parseIwmoIjw` below is the model read from raw bytes, as a stored message is read back; the
// gateway's ingest no longer does that.) The floor row is libxml2-wasm's own parse and XSD validation of the
// message and nothing else: what levels 1–2 cannot go below without another parser or validator.
// 1. Throughput on the corpus WMO301, the whole and each part (median of runs).
// 2. A generated WMO323 declaratie (bench/generate-wmo323.ts; 10,000 prestaties, every 10th a credit line):
//    time per part (median of passes), the level-2 rules that take longest, level 2 on the same declaratie
//    with every line a credit, and the peak memory of one pass in a fresh child process (maxRSS; the heap
//    peak from V8's GC profiler, which records the heap before every collection, so a synchronous pass
//    cannot hide its peak between two samples).
//   npx tsx bench/iwmo-levels.ts [seconds per run = 3] [runs = 5] [prestaties = 10000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { ParseOption, XmlDocument, type XsdValidator } from 'libxml2-wasm';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { defaultRuleContext, LEVEL2_RULES, runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';
import { MESSAGE_SPECS } from '../adapters/iwmo-ijw/messages.ts';
import { SchemaSet } from '../schemas/xsd.ts';
import { generateWmo323, WMO323_SAMPLE } from './generate-wmo323.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? path.join(ROOT, '../shared/corpus'));
const WMO301 = path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO301.xml');
const BODY_LIMIT = 25 * 1024 * 1024; // the gateway's ingest body limit

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en');
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** libxml2-wasm's parse and XSD validation of `body` through its public API, nothing else. */
function floor(validator: XsdValidator, body: Buffer): void {
  const doc = XmlDocument.fromBuffer(body, { option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET });
  try {
    validator.validate(doc);
  } finally {
    doc.dispose();
  }
}

/** One level 1–2 pass, as the gateway does it; returns the number of level-2 failures. */
function levels12(adapter: IwmoIjwAdapter, body: Buffer): number {
  const accepted = adapter.process(body);
  return runLevel2(accepted.model as CanonicalMessage).length;
}

interface ChildReport {
  ms: number; failures: number; gcs: number;
  rssBefore: number; maxRssBefore: number; heapBefore: number;
  maxRss: number; heapPeak: number;
}

// ---- child: one pass over the big message in a fresh process, for its peak memory ----
if (process.argv[2] === '--child') {
  const adapter = createIwmoIjwAdapter(SCHEMAS);
  const body = readFileSync(process.argv[3] as string);
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const t0 = performance.now();
  const failures = levels12(adapter, body);
  const ms = performance.now() - t0;
  const heapAtEnd = process.memoryUsage().heapUsed;
  const gcs = profiler.stop().statistics;
  const report: ChildReport = {
    ms, failures, gcs: gcs.length,
    rssBefore: before.rss, maxRssBefore, heapBefore: before.heapUsed,
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapPeak: Math.max(heapAtEnd, ...gcs.map((g) => g.beforeGC.heapStatistics.usedHeapSize)),
  };
  console.log(JSON.stringify(report));
  adapter.dispose();
  process.exit(0);
}

// ---- main ----
const [secondsArg = '3', runsArg = '5', prestatiesArg = '10000'] = process.argv.slice(2);
const SECONDS = Number(secondsArg), RUNS = Number(runsArg), PRESTATIES = Number(prestatiesArg);

// Each measurement also counts the process's CPU time: on a shared machine a run that was descheduled shows
// fewer messages per second of wall time but not per CPU-second, which is what one core of our own does.
interface Rate { median: number; runs: number[]; perCpuSecond: number }

// Yields to the event loop every 1,000 calls, as a server does between requests: libxml2-wasm keeps a
// WeakRef per wrapped document and node, and V8 holds WeakRef targets until the current job ends, so one
// long synchronous loop would pile them up and measure the garbage collector instead.
async function rate(fn: () => void): Promise<Rate> {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) { for (let i = 0; i < 1000; i++) fn(); await tick(); }
  const runs: number[] = [], cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    const start = performance.now(), end = start + SECONDS * 1000, cpuStart = process.cpuUsage();
    while (performance.now() < end) {
      for (let i = 0; i < 1000; i++) fn();
      n += 1000;
      await tick();
    }
    runs.push(n / ((performance.now() - start) / 1000));
    cpu.push(n / (cpuMs(process.cpuUsage(cpuStart)) / 1000));
  }
  return { median: median(runs), runs, perCpuSecond: median(cpu) };
}

interface Timing { median: number; runs: number[]; cpuMedian: number }

/** Milliseconds per call of a slow `fn`: one warm-up call, then RUNS timed calls, each after a turn of the event loop. */
async function timeEach(fn: () => void): Promise<Timing> {
  fn();
  await tick();
  const runs: number[] = [], cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    fn();
    runs.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    await tick();
  }
  return { median: median(runs), runs, cpuMedian: median(cpu) };
}

/** The level-2 rules for the message's type that take at least `minMs` each (median of 3). */
function slowRules(msg: CanonicalMessage, minMs: number): Array<[string, number]> {
  const ctx = defaultRuleContext();
  const slow: Array<[string, number]> = [];
  for (const rule of LEVEL2_RULES.filter((r) => r.appliesTo.includes(msg.type))) {
    const times = [0, 1, 2].map(() => { const t0 = performance.now(); rule.check(msg, ctx); return performance.now() - t0; });
    if (median(times) >= minMs) slow.push([rule.id, median(times)]);
  }
  return slow.sort((a, b) => b[1] - a[1]);
}

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, `
  + `${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} at the start`;
const command = `npx tsx bench/iwmo-levels.ts ${SECONDS} ${RUNS} ${PRESTATIES}`;

const adapter = createIwmoIjwAdapter(SCHEMAS);
const iwmoSchemas = SchemaSet.load(path.join(SCHEMAS, 'istandaarden/iwmo-3.2'), ['WMO301.xsd', 'WMO323.xsd'], 'istandaarden/iwmo-3.2');
const xsdOf = (type: string) => iwmoSchemas.validator(MESSAGE_SPECS.find((s) => s.type === type)!.xsdFile);

// 1. WMO301
const body301 = readFileSync(WMO301);
const type301 = adapter.process(body301).type;
const model301 = parseIwmoIjw(body301, type301);
const failures301 = runLevel2(model301).length;
if (failures301 !== 0) throw new Error(`the corpus ${type301} breaks ${failures301} level-2 rules`);
const rows301: Array<[string, Rate]> = [
  ['**levels 1–2, whole** (process, model included → runLevel2)', await rate(() => { levels12(adapter, body301); })],
  ['level 1: adapter.process (sniff, parse, XSD, one walk: header, Bsns, model)', await rate(() => { adapter.process(body301); })],
  ['floor: libxml2-wasm parse + XSD validation only', await rate(() => { floor(xsdOf(type301), body301); })],
  ['model from raw bytes: parseIwmoIjw (not on the ingest path)', await rate(() => { parseIwmoIjw(body301, type301); })],
  ['level 2: runLevel2 on the parsed model', await rate(() => { runLevel2(model301); })],
];

// 2. WMO323 with PRESTATIES prestaties
const template323 = readFileSync(WMO323_SAMPLE, 'utf8');
const generated = generateWmo323(template323, { prestaties: PRESTATIES });
const body323 = Buffer.from(generated.xml);
if (body323.length > BODY_LIMIT) throw new Error(`generated WMO323 is ${mb(body323.length)}, over the ${mb(BODY_LIMIT)} body limit`);
const type323 = adapter.process(body323).type;
const model323 = parseIwmoIjw(body323, type323);
const failures323 = runLevel2(model323).length;
if (failures323 !== 0) throw new Error(`the generated ${type323} breaks ${failures323} level-2 rules`);
const rows323: Array<[string, Timing]> = [
  ['**levels 1–2, whole**', await timeEach(() => { levels12(adapter, body323); })],
  ['level 1: adapter.process', await timeEach(() => { adapter.process(body323); })],
  ['floor: libxml2-wasm parse + XSD validation only', await timeEach(() => { floor(xsdOf(type323), body323); })],
  ['model from raw bytes: parseIwmoIjw (not on the ingest path)', await timeEach(() => { parseIwmoIjw(body323, type323); })],
  ['level 2: runLevel2', await timeEach(() => { runLevel2(model323); })],
];
const slow323 = slowRules(model323, 2);
const allCredit = parseIwmoIjw(generateWmo323(template323, { prestaties: PRESTATIES, creditEvery: 1 }).xml, type323);
if (runLevel2(allCredit).length !== 0) throw new Error('the all-credit declaratie breaks level-2 rules');
const allCreditLevel2 = await timeEach(() => { runLevel2(allCredit); });
const slowAllCredit = slowRules(allCredit, 2);
adapter.dispose();
iwmoSchemas.dispose();

const dir = mkdtempSync(path.join(os.tmpdir(), 'iwmo-levels-'));
let child: ChildReport;
try {
  const file = path.join(dir, 'WMO323-generated.xml');
  writeFileSync(file, body323);
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--child', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  child = JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildReport;
  if (child.failures !== 0) throw new Error('the memory child found level-2 failures');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ruleList = (rules: Array<[string, number]>) => rules.map(([id, t]) => `${id} ${t.toFixed(0)} ms`).join(', ') || 'none';
const out: string[] = [];
out.push(`Machine: ${machine}. Command: \`${command}\`.`, '');
out.push(`**WMO301** (corpus sample, ${int(body301.length)} bytes), one core, median of ${RUNS} runs of ${SECONDS} s after 0.5 s warm-up:`, '');
out.push('| what | msgs/s | µs/msg | msgs per CPU-second | runs (msgs/s) |', '|---|---|---|---|---|');
for (const [name, r] of rows301) {
  out.push(`| ${name} | ${int(r.median)} | ${(1e6 / r.median).toFixed(1)} | ${int(r.perCpuSecond)} | ${r.runs.map(int).join(' / ')} |`);
}
out.push('', `**WMO323** generated (bench/generate-wmo323.ts): ${int(generated.prestaties)} prestaties (${int(generated.credits)} credit lines), `
  + `${int(generated.clienten)} clients, ${int(body323.length)} bytes (${mb(body323.length)}; body limit ${mb(BODY_LIMIT)}), passes XSD and level 2. `
  + `Median of ${RUNS} passes after one warm-up pass:`, '');
out.push('| what | ms | CPU ms | runs (ms) |', '|---|---|---|---|');
for (const [name, r] of rows323) {
  out.push(`| ${name} | ${r.median.toFixed(0)} | ${r.cpuMedian.toFixed(0)} | ${r.runs.map((x) => x.toFixed(0)).join(' / ')} |`);
}
out.push(`| level 2 with every prestatie a credit line | ${allCreditLevel2.median.toFixed(0)} | ${allCreditLevel2.cpuMedian.toFixed(0)} | `
  + `${allCreditLevel2.runs.map((x) => x.toFixed(0)).join(' / ')} |`);
out.push('', `Level-2 rules taking ≥ 2 ms: ${ruleList(slow323)}; with every line a credit: ${ruleList(slowAllCredit)}.`);
out.push('', `Peak memory of one cold pass (levels 1–2) in a fresh process, after the adapter compiled its XSDs and the body was read `
  + `(the pass took ${child.ms.toFixed(0)} ms, ${child.gcs} GCs):`, '');
out.push('| | before the pass | peak | growth |', '|---|---|---|---|');
out.push(`| RSS | ${mb(child.rssBefore)} (maxRSS so far ${mb(child.maxRssBefore)}) | ${mb(child.maxRss)} (maxRSS) | +${mb(child.maxRss - child.rssBefore)} |`);
out.push(`| V8 heap used | ${mb(child.heapBefore)} | ${mb(child.heapPeak)} | +${mb(child.heapPeak - child.heapBefore)} |`);
console.log(out.join('\n'));
