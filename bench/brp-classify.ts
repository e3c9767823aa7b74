// `npx tsx bench/brp-classify.ts`: LO3 parse + classify throughput on one core (this process, one
// thread), over BENCH_MUTATIONS (default 100,000) LO3 mutations generated from the corpus examples —
// the synthetic Gv01 scenarios, the RvIG Gv01/Gv02/Ng01/Wa11, the OperatieBRP Gv01 — each with its own
// A-nummer, and a share of Gv01s that carry category 01 with a BSN. Prints messages/s and peak RSS.
// BENCH_ROUNDS (default 5) timed passes after one warm-up pass; the best and the median are printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBrpMessage } from '../adapters/brp/adapter.ts';
import { classifyMutation } from '../adapters/brp/classify/index.ts';
import { parseLo3, serializeLo3 } from '../adapters/brp/lo3/index.ts';
import type { Gv01Bericht } from '../adapters/brp/lo3/index.ts';

const COUNT = Number(process.env.BENCH_MUTATIONS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LO3 = path.join(path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus'), 'brp', 'lo3');

interface Template { name: string; raw: Buffer; anummerAt: number[]; bsnAt: number[] }

/** Byte offsets of every occurrence of `needle` (an A-nummer or BSN of the template) in `raw`. */
function offsets(raw: Buffer, needle: string): number[] {
  const found: number[] = [];
  for (let at = raw.indexOf(needle, 0, 'latin1'); at >= 0; at = raw.indexOf(needle, at + 1, 'latin1')) found.push(at);
  if (found.length === 0) throw new Error(`template does not contain ${needle}`);
  return found;
}

function corpusTemplate(file: string, anummer: string): Template {
  const raw = readFileSync(path.join(LO3, file));
  return { name: file, raw, anummerAt: offsets(raw, anummer), bsnAt: [] };
}

/** A Gv01 scenario that also carries category 01 (new BSN in 01, old one in 51), so matching on BSN is exercised. */
function withBsn(file: string): Template {
  const { bericht } = parseLo3(readFileSync(path.join(LO3, file)));
  const gv01 = bericht as Gv01Bericht;
  gv01.plData = { c01: [{ e0120: '111111110', historie: [{ e0120: '222222220' }] }], ...gv01.plData };
  const raw = serializeLo3(gv01);
  return { name: `${file} + c01`, raw, anummerAt: offsets(raw, gv01.aNummer), bsnAt: offsets(raw, '111111110') };
}

const templates: Template[] = [
  corpusTemplate('synthetic/gv01-verhuizing-intergemeentelijk.GBA', '9990000018'),
  corpusTemplate('synthetic/gv01-verhuizing-binnengemeentelijk.GBA', '9990000018'),
  corpusTemplate('synthetic/gv01-emigratie.GBA', '9990000018'),
  corpusTemplate('synthetic/gv01-overlijden.GBA', '9990000018'),
  corpusTemplate('rvig-berichten-api/Gv01.GBA', '5753249785'),
  corpusTemplate('rvig-berichten-api/Gv01-lege-cat59.GBA', '6127281791'),
  corpusTemplate('operatiebrp/gv01-wijziging-voornamen.GBA', '8409813281'),
  corpusTemplate('rvig-berichten-api/Gv02.GBA', '8478102473'),
  corpusTemplate('rvig-berichten-api/Ng01.GBA', '3853458937'),
  corpusTemplate('rvig-berichten-api/Wa11.GBA', '7824352058'),
  withBsn('synthetic/gv01-verhuizing-intergemeentelijk.GBA'),
  withBsn('synthetic/gv01-overlijden.GBA'),
];

function digits(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Message i: template i mod 12, A-nummer 10 digits from i, BSN 9 digits from i (not valid numbers, unique ones). */
function generate(count: number): Buffer[] {
  const out: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]!;
    const raw = Buffer.from(t.raw);
    const anummer = digits(1_000_000_000 + i, 10);
    for (const at of t.anummerAt) raw.write(anummer, at, 'latin1');
    const bsn = digits(100_000_000 + i, 9);
    for (const at of t.bsnAt) raw.write(bsn, at, 'latin1');
    out[i] = raw;
  }
  return out;
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const rssAtStart = process.memoryUsage().rss;
const started = performance.now();
const messages = generate(COUNT);
const bytes = messages.reduce((n, m) => n + m.length, 0);
const rssGenerated = process.memoryUsage().rss;
console.log(`generated ${COUNT.toLocaleString('en')} LO3 mutations from ${templates.length} templates in ${(performance.now() - started).toFixed(0)} ms; `
  + `${(bytes / COUNT).toFixed(0)} bytes average, ${(bytes / 1e6).toFixed(1)} MB in all; RSS ${mb(rssAtStart)} before, ${mb(rssGenerated)} after generating`);

interface Pass { seconds: number; events: number }

function parseAndClassify(): Pass {
  const t0 = performance.now();
  let events = 0;
  for (const m of messages) events += classifyMutation(parseLo3(m).bericht).events.length;
  return { seconds: (performance.now() - t0) / 1000, events };
}

/** The ingest/watchlist entry point: format sniff + parse + classify + BSN list. */
function readFull(): Pass {
  const t0 = performance.now();
  let events = 0;
  for (const m of messages) events += readBrpMessage(m).classificatie.events.length;
  return { seconds: (performance.now() - t0) / 1000, events };
}

function report(label: string, run: () => Pass): void {
  run(); // warm-up: JIT
  const passes = Array.from({ length: ROUNDS }, run);
  const rates = passes.map((p) => COUNT / p.seconds).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  const best = rates[rates.length - 1]!;
  console.log(`${label.padEnd(44)} median ${Math.round(median).toLocaleString('en').padStart(9)} msg/s  `
    + `best ${Math.round(best).toLocaleString('en').padStart(9)} msg/s  (${(1e6 / median).toFixed(2)} µs/msg, `
    + `${(bytes / 1e6 / (COUNT / median)).toFixed(0)} MB/s; ${passes[0]!.events.toLocaleString('en')} events per pass)`);
}

report('parseLo3 + classifyMutation', parseAndClassify);
report('readBrpMessage (sniff + parse + classify + BSNs)', readFull);

const peak = process.resourceUsage().maxRSS * 1024;
console.log(`peak RSS ${mb(peak)} (of which ${mb(rssGenerated)} before the first pass: runtime, tsx and the generated messages); `
  + `heap used now ${mb(process.memoryUsage().heapUsed)}; node ${process.version}, one thread`);
