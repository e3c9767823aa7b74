// What a worker-thread pool (piscina) costs the event loop per call, against the CPU the work it would take
// off costs in-thread, for the 3 KB WMO301 (issue 10: "keep a way to run in-thread for small bodies if the pool
// costs more than it saves"). Main-thread CPU per call is measured with process.cpuUsage() minus the workers'
// own time (threads share the process's counter, so the idle echo worker keeps that small).
//   npx tsx bench/pool-overhead.ts [calls = 20000] [concurrency = 64]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { createIwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CALLS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 64);
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? path.join(ROOT, '../shared/corpus'));
const full = readFileSync(path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO301.xml'), 'utf8');
const body = Buffer.from(full.replace(/\s*<wmo301:Relaties>[\s\S]*<\/wmo301:Relaties>/, ''));
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

// In-thread: levels 1-2 as ingest runs them.
const adapter = createIwmoIjwAdapter(path.join(ROOT, 'schemas'));
for (let i = 0; i < 200; i++) runLevel2(adapter.process(body).model as CanonicalMessage);
let c0 = process.cpuUsage();
for (let i = 0; i < 2000; i++) runLevel2(adapter.process(body).model as CanonicalMessage);
const inThread = cpuMs(process.cpuUsage(c0)) / 2000;
adapter.dispose();

// The pool: a call that transfers a copy of the body (as ingest would transfer the request's buffer) and gets a number back.
const pool = new Piscina({ filename: path.join(ROOT, 'bench/support/echo-worker.mjs'), maxThreads: os.availableParallelism() });
const one = () => { const copy = new Uint8Array(body); return pool.run(copy, { transferList: [copy.buffer] }) as Promise<number>; };
await Promise.all(Array.from({ length: 200 }, one));
c0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next++ < CALLS) await one(); }));
const wall = performance.now() - t0;
const poolCpu = cpuMs(process.cpuUsage(c0)) / CALLS;
await pool.destroy();
console.log(JSON.stringify({
  message: body.length, loadavg: os.loadavg()[0],
  inThreadCpuMsPerMessage: +inThread.toFixed(3),
  poolCpuMsPerCallAllThreads: +poolCpu.toFixed(3),
  poolCallsPerSecond: Math.round(CALLS / (wall / 1000)),
}));
