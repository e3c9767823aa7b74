import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';
import { ensureDevCerts } from '../certs-dev/generate.ts';
import { loadPartners } from '../config/partners.ts';
import { PartnerEndpoint } from '../demo/partner-endpoint.ts';
import { deleteTopology } from '../queue/topology.ts';
import { ANSWERS_CONSUMER, MUTATIONS_CONSUMER } from '../subscriptions/consumers.ts';
import pg from 'pg';
import { runLoad, type LoadResult } from './load.ts';

async function runSql<T = unknown>(url: string, statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return (await client.query(statement)).rows as T[]; } finally { await client.end(); }
}

// `npm run bench`: end-to-end ingest of a ~3 KB WMO301 over mutual TLS (validate + store + publish-confirm →
// 202), the gateway running whole (every feature, delivery to a live partner endpoint). A bare fastify mTLS
// server answering 202 to the same request is the ceiling. Ceiling and gateway runs are INTERLEAVED
// (ceiling, gateway, ceiling, gateway, …: BENCH_PAIRS pairs per concurrency level) and each pair's ratio is
// reported, so a neighbour's burst on this shared machine hits one pair, not one side.
// Per gateway run: msg/s (202s), the sustained rate (accepted in the window ÷ the window plus the time until the
// partner had them all), p50/p99, CPU time per accepted message (user+system of the gateway process
// and its children, from /proc, over the window and until the partner received everything), and statements
// and transactions per message (the store's counters via /metrics; on PostgreSQL also pg_stat_database).
// Env: BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONCURRENCY (64), BENCH_PAIRS (2), DATABASE_URL=postgres://…
// (the bench makes and drops a database of its own), KP_WORKERS (passed to the gateway).
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '64').split(',').map(Number);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus');
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 18_443);
const CLK_TCK = 100; // Linux USER_HZ

// The corpus WMO301 (7 KB) without its optional Relaties block: the ~3 KB message of the brief.
const full = readFileSync(path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO301.xml'), 'utf8');
const template = full.replace(/\s*<wmo301:Relaties>[\s\S]*<\/wmo301:Relaties>/, '');
// Every request a new message: a BerichtIdentificatie unique across levels and runs (the gateway answers a
// reused one with 9056, TR056, as the standard requires).
let sent = Math.floor(Math.random() * 9e10);
const bodyFor = (_n: number) => Buffer.from(template.replace(/<iwmo:Identificatie>[^<]*</, `<iwmo:Identificatie>B${(sent++ % 1e11).toString().padStart(11, '0')}<`));

const work = mkdtempSync(path.join(os.tmpdir(), 'kp-bench-'));
const partners = loadPartners(path.resolve('config/partners.dev.yaml'));
const certs = await ensureDevCerts({ outDir: path.join(work, 'certs'), partners: partners.partners.map((p) => ({ name: p.name, oin: p.oin })) });
const gemeente = certs.partner('gemeente-0384');
const agentFor = (connections: number) => new Agent({ connections, connectTimeout: 120_000, headersTimeout: 120_000, bodyTimeout: 120_000, connect: { timeout: 120_000, ca: readFileSync(certs.caCert), cert: readFileSync(gemeente.cert), key: readFileSync(gemeente.key), servername: 'localhost' } });

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const profile = process.env.BENCH_PROFILE_DIR ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out: string | undefined = ''; // undefined once ready: keep draining the pipe, keep nothing
    child.stdout!.on('data', (c: Buffer) => {
      if (out === undefined) return;
      out += c;
      if (out.includes(ready)) { out = undefined; resolve(child); }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${(out ?? '').slice(-500)}`)));
  });
}
// A bench that dies must not leave a gateway behind on a shared machine.
const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
const stopChild = (child: ChildProcess) => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); });

/** user+system CPU seconds of a process and all its descendants (node:cluster workers included). */
function cpuSecondsOfTree(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch { /* gone meanwhile */ }
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) todo.push(child);
  }
  return ticks / CLK_TCK;
}

async function storeCounters(opsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const name of ['statements', 'transactions', 'autocommit_statements']) {
    const m = new RegExp(`^kp_store_${name}_total(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text);
    out[name] = m ? Number(m[1]) : NaN;
  }
  return out;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const store = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
process.stdout.write(`message: ${bodyFor(0).length} bytes; ${SECONDS} s per run after ${WARMUP} s warm-up; ${PAIRS} ceiling/gateway pairs per level; store: ${store}; KP_WORKERS=${process.env.KP_WORKERS ?? '(default)'}\n`);

const ceilingPort = PORT_BASE;
const gatewayPort = PORT_BASE + 1;
const opsPort = PORT_BASE + 2;
const ceiling = await startChild(['bench/ceiling-server.ts', certs.serverCert, certs.serverKey, certs.caCert, String(ceilingPort)], {}, 'ceiling listening');

const endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
const doc = readFileSync('config/partners.dev.yaml', 'utf8')
  .replaceAll('../certs-dev/out/ca.crt', certs.caCert)
  .replace('https://localhost:9443/berichten', endpoint.url);
const partnersFile = path.join(work, 'partners.yaml');
writeFileSync(partnersFile, doc);
const prefix = `kpbench${randomBytes(3).toString('hex')}`;
const pgAdmin = process.env.DATABASE_URL;
const benchDb = pgAdmin ? new URL(pgAdmin) : undefined;
if (benchDb) {
  benchDb.pathname = `/${prefix}`;
  await runSql(pgAdmin!, `CREATE DATABASE ${prefix}`);
}
const gateway = await startChild(['main.ts'], {
  NODE_ENV: 'production', KP_PORT: String(gatewayPort), KP_HOST: '127.0.0.1', KP_OPS_PORT: String(opsPort), KP_OPS_HOST: '127.0.0.1', KP_LOG_LEVEL: 'info',
  KP_PARTNERS_FILE: partnersFile, KP_TLS_CERT: certs.serverCert, KP_TLS_KEY: certs.serverKey,
  KP_CLIENT_CERT: certs.gatewayClientCert, KP_CLIENT_KEY: certs.gatewayClientKey,
  AMQP_URL, KP_QUEUE_PREFIX: prefix, KP_SQLITE_FILE: path.join(work, 'bench.db'),
  ...(benchDb ? { DATABASE_URL: benchDb.toString() } : {}),
  KP_PAYLOAD_KEYS: `b1:${randomBytes(32).toString('base64')}`, KP_PAYLOAD_KEY_ID: 'b1', KP_BSN_HMAC_KEY: randomBytes(32).toString('base64'),
}, 'ketenpoort listening');
const opsUrl = `http://127.0.0.1:${opsPort}`;
// Never measure a gateway whose broker is not up yet (it would answer 503 for a whole run).
await waitFor('the gateway to be ready (store and broker)', async () => (await fetch(`${opsUrl}/readyz`).catch(() => undefined))?.status === 200, 60_000);

const accepted202 = { n: 0 };
const pgXacts = async (): Promise<number> => {
  if (!pgAdmin) return NaN;
  const [row] = await runSql<{ n: string }>(pgAdmin, `select xact_commit + xact_rollback as n from pg_stat_database where datname = '${prefix}'`);
  return Number(row?.n ?? NaN);
};

interface GatewayRun extends LoadResult { cpuMsPerMessage: number; statementsPerMessage: number; transactionsPerMessage: number; autocommitPerMessage: number; pgTransactionsPerMessage?: number; drainSeconds: number; sustainedPerSecond: number }

async function runCeiling(concurrency: number): Promise<LoadResult> {
  const agent = agentFor(concurrency);
  const r = await runLoad({ url: `https://localhost:${ceilingPort}/v1/messages`, agent, concurrency, seconds: SECONDS, warmupSeconds: WARMUP, body: bodyFor });
  await agent.close();
  return r;
}

async function runGateway(concurrency: number): Promise<GatewayRun> {
  const agent = agentFor(concurrency);
  let cpu0 = 0; let c0: Record<string, number> = {}; let x0 = NaN;
  const r = await runLoad({
    url: `https://localhost:${gatewayPort}/v1/messages`, agent, concurrency, seconds: SECONDS, warmupSeconds: WARMUP, body: bodyFor, accepted202,
    onMeasure: async (phase) => {
      if (phase !== 'start') return;
      cpu0 = cpuSecondsOfTree(gateway.pid!); c0 = await storeCounters(opsUrl); x0 = await pgXacts();
    },
  });
  await agent.close();
  // Until the partner has everything accepted so far: the delivery half belongs to each message's cost.
  const drainStarted = performance.now();
  await waitFor('delivery to catch up', () => endpoint.received.size >= accepted202.n, 300_000);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const cpu1 = cpuSecondsOfTree(gateway.pid!); const c1 = await storeCounters(opsUrl); const x1 = await pgXacts();
  // Everything counted between window start and drain end is charged to the messages accepted in the window
  // (the warm-up's tail delivered in the window roughly equals the window's own messages the warm-up would
  // otherwise have been charged for).
  const per = (a: number, b: number) => +((b - a) / Math.max(1, r.accepted)).toFixed(2);
  return {
    ...r, drainSeconds: +drainSeconds.toFixed(1),
    // Accepted AND delivered per second: ingest may outrun delivery (RabbitMQ holds the difference), so the
    // 202s per second alone overstate what the gateway sustains. (The warm-up's backlog, delivered in the
    // window, makes this a slight overstatement too.)
    sustainedPerSecond: Math.round(r.accepted / (SECONDS + drainSeconds)),
    cpuMsPerMessage: +(((cpu1 - cpu0) * 1000) / Math.max(1, r.accepted)).toFixed(3),
    statementsPerMessage: per(c0.statements!, c1.statements!),
    transactionsPerMessage: per(c0.transactions! + c0.autocommit_statements!, c1.transactions! + c1.autocommit_statements!),
    autocommitPerMessage: per(c0.autocommit_statements!, c1.autocommit_statements!),
    ...(pgAdmin ? { pgTransactionsPerMessage: per(x0, x1) } : {}),
  };
}

const pairs: { concurrency: number; ceiling: LoadResult; gateway: GatewayRun; ratio: number }[] = [];
for (const concurrency of LEVELS) {
  for (let i = 0; i < PAIRS; i++) {
    const c = await runCeiling(concurrency);
    process.stdout.write(`ceiling  c=${concurrency}  ${c.perSecond} msg/s  p50 ${c.p50Ms} ms  p99 ${c.p99Ms} ms\n`);
    const g = await runGateway(concurrency);
    const ratio = +(g.perSecond / c.perSecond).toFixed(3);
    process.stdout.write(`gateway  c=${concurrency}  ${g.perSecond} msg/s  p50 ${g.p50Ms} ms  p99 ${g.p99Ms} ms  (${g.requests} requests, non-202: ${g.non2xx}${g.non2xx > 0 ? ` ${JSON.stringify(g.statuses)}` : ''})  `
      + `CPU ${g.cpuMsPerMessage} ms/msg  ${g.statementsPerMessage} statements/msg  ${g.transactionsPerMessage} transactions/msg (${g.autocommitPerMessage} of them single statements)`
      + `${g.pgTransactionsPerMessage !== undefined ? `  pg_stat_database ${g.pgTransactionsPerMessage} xacts/msg` : ''}  drained in ${g.drainSeconds} s (sustained ${g.sustainedPerSecond} msg/s accepted and delivered)  → ratio ${ratio}\n`);
    pairs.push({ concurrency, ceiling: c, gateway: g, ratio });
  }
}

await stopChild(gateway);
await stopChild(ceiling);
await endpoint.stop();
await deleteTopology(AMQP_URL, prefix, [...partners.partners.filter((p) => p.delivery).map((p) => p.name), ANSWERS_CONSUMER, MUTATIONS_CONSUMER]).catch(() => undefined);
if (pgAdmin) await runSql(pgAdmin, `DROP DATABASE ${prefix}`);

const summary = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg(),
  store, workers: process.env.KP_WORKERS ?? null, messageBytes: bodyFor(0).length, seconds: SECONDS, pairs,
  deliveredDuringRun: endpoint.received.size,
};
mkdirSync('bench/results', { recursive: true });
const out = path.join('bench/results', `ingest-${store}-${summary.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify(summary, null, 1));
process.stdout.write(`ratios per pair: ${pairs.map((p) => p.ratio).join(', ')}; delivered to the partner: ${endpoint.received.size}\nresults: ${out}\n`);
process.exit(0);
