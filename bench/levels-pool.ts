// Levels 1–2 of the ~3 KB WMO301 (every feature's part, digests included) in-thread against the worker pool
// (decision 0008), in one run: CPU per message (process.cpuUsage: every thread), and for the pool the event
// loop's own busy time per message (performance.eventLoopUtilization: what the pool leaves on the main thread —
// the transfer, the structured clone of the answer, the promise), so the cost of the pool itself is visible.
//   npx tsx bench/levels-pool.ts [messages = 3000] [threads = KP_CPU_THREADS or the cores] [concurrency = 64]
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import pino from 'pino';
import { settingsFromEnv } from '../config/settings.ts';
import { buildLevels, importLevels } from '../ingest/levels.ts';
import { cpuThreads, LevelsPool } from '../ingest/levels-pool.ts';
import { FEATURES, SCHEMAS_DIR } from '../ketenpoort.ts';

const N = Number(process.argv[2] ?? 3_000);
const THREADS = Number(process.argv[3] ?? cpuThreads(settingsFromEnv(process.env).cpuThreads, 1));
const CONCURRENCY = Number(process.argv[4] ?? 64);
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? path.join(SCHEMAS_DIR, '../../shared/corpus'));
const full = readFileSync(path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO301.xml'), 'utf8');
const body = Buffer.from(full.replace(/\s*<wmo301:Relaties>[\s\S]*<\/wmo301:Relaties>/, ''));
const key = randomBytes(32);
const features = FEATURES.flatMap((f) => (f.levels ? [{ name: f.name, levels: f.levels }] : []));
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const inThread = buildLevels(SCHEMAS_DIR, await importLevels(features), settingsFromEnv(process.env), key);
for (let i = 0; i < 200; i++) inThread.run(body);
let c0 = process.cpuUsage();
let t0 = performance.now();
for (let i = 0; i < N; i++) inThread.run(body);
const here = { cpuMsPerMessage: cpuMs(process.cpuUsage(c0)) / N, wallMs: performance.now() - t0 };
inThread.dispose();

const pool = await LevelsPool.start({ schemasDir: SCHEMAS_DIR, features, bsnHmacKey: key, threads: THREADS, settings: settingsFromEnv(process.env), env: process.env, logger: pino({ level: 'silent' }) });
const one = () => pool.run(Buffer.from(body)); // a Buffer of its own per request, as fastify's (a small one is copied once)
await Promise.all(Array.from({ length: 200 }, one));
c0 = process.cpuUsage();
const elu0 = perf.eventLoopUtilization();
t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next++ < N) await one(); }));
const wall = performance.now() - t0;
const elu = perf.eventLoopUtilization(elu0);
const there = { cpuMsPerMessage: cpuMs(process.cpuUsage(c0)) / N, eventLoopBusyMsPerMessage: elu.active / N, wallMs: wall };
await pool.close();

console.log(JSON.stringify({
  message: body.length, messages: N, threads: THREADS, concurrency: CONCURRENCY, loadavg: +(os.loadavg()[0] ?? 0).toFixed(1),
  inThread: { cpuMsPerMessage: +here.cpuMsPerMessage.toFixed(3), messagesPerCpuSecond: Math.round(1000 / here.cpuMsPerMessage) },
  pool: {
    cpuMsPerMessage: +there.cpuMsPerMessage.toFixed(3),
    eventLoopBusyMsPerMessage: +there.eventLoopBusyMsPerMessage.toFixed(3),
    messagesPerSecond: Math.round(N / (there.wallMs / 1000)),
  },
  poolCpuRatio: +(there.cpuMsPerMessage / here.cpuMsPerMessage).toFixed(2),
  eventLoopShare: +(there.eventLoopBusyMsPerMessage / here.cpuMsPerMessage).toFixed(3),
}));
