// Validations per second of one iWmo message through AdapterRegistry.process on one core
// (sequential: prolog sniff → hardened parse → XSD validation → header/BSN XPath → dispose),
// next to its parts for comparison.
//   npx tsx bench/validate.ts [sample.xml] [seconds per run = 3] [runs = 3]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { createIwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry } from '../adapters/registry.ts';
import { SchemaSet } from '../schemas/xsd.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [sampleArg, secondsArg = '3', runsArg = '3'] = process.argv.slice(2);
const sample = sampleArg ?? path.resolve(ROOT, '../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml');
const SECONDS = Number(secondsArg), RUNS = Number(runsArg);
const body = readFileSync(sample);

// Yields to the event loop every 1,000 calls, as a server does between requests: libxml2-wasm keeps
// a WeakRef per wrapped document and node, and V8 holds WeakRef targets until the current job ends,
// so one long synchronous loop would pile them up and measure the garbage collector instead.
async function rate(fn: () => void): Promise<{ median: number; runs: number[] }> {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) { for (let i = 0; i < 1000; i++) fn(); await tick(); }
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    const start = performance.now(), end = start + SECONDS * 1000;
    while (performance.now() < end) {
      for (let i = 0; i < 1000; i++) fn();
      n += 1000;
      await tick();
    }
    runs.push(Math.round(n / ((performance.now() - start) / 1000)));
  }
  const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { median, runs };
}

const adapter = createIwmoIjwAdapter(path.join(ROOT, 'schemas'));
const registry = new AdapterRegistry([adapter]);
const type = registry.process(body).type;

// The bare validator, as measured in the research (parse + validate, no sniff or extraction).
const bare = SchemaSet.load(path.join(ROOT, 'schemas/istandaarden/iwmo-3.2'), [`${type}.xsd`], 'bench/iwmo-3.2');
const validator = bare.validator(`${type}.xsd`);
const SAFE = { option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET };

const results = {
  'registry.process (full path)': await rate(() => { registry.process(body); }),
  'parse + validate (bare)': await rate(() => { const d = XmlDocument.fromBuffer(body, SAFE); try { validator.validate(d); } finally { d.dispose(); } }),
  'parse only': await rate(() => { XmlDocument.fromBuffer(body, SAFE).dispose(); }),
};

console.log(`node ${process.version}, libxml2-wasm, ${path.basename(sample)} (${type}, ${body.length} bytes), ${RUNS} × ${SECONDS}s after 0.5s warm-up`);
console.log(`compile 28 XSDs + header XPaths: ${adapter.compileMs.toFixed(0)} ms`);
for (const [name, r] of Object.entries(results)) {
  console.log(`${name.padEnd(30)} ${String(r.median).padStart(7)}/s  ${(1e6 / r.median).toFixed(1).padStart(6)} µs/op  runs ${r.runs.join(' / ')}`);
}
bare.dispose();
registry.dispose();
