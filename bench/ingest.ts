import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

async function runSql(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

// `npm run bench`: end-to-end ingest of a ~3 KB WMO301 over mutual TLS (validate + store +
// publish-confirm → 202) at concurrency 1, 16 and 64, against a bare fastify mTLS server that
// answers 202 to the same request (the ceiling). Gateway and ceiling each run in their own
// process; the gateway runs whole (router and delivery to a live partner endpoint included).
// BENCH_SECONDS (default 10) per level; DATABASE_URL=postgres://… benchmarks on PostgreSQL.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus');

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
const agentFor = (connections: number) => new Agent({ connections, connect: { ca: readFileSync(certs.caCert), cert: readFileSync(gemeente.cert), key: readFileSync(gemeente.key), servername: 'localhost' } });

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const profile = process.env.BENCH_PROFILE_DIR ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out: string | undefined = ''; // undefined once ready: keep draining the pipe, keep nothing
    child.stdout!.on('data', (c: Buffer) => {
      if (out === undefined) return;
      out += c;
      if (out.includes(ready)) { out = undefined; resolve(child); }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${(out ?? '').slice(-500)}`)));
  });
}
const stopChild = (child: ChildProcess) => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); });

async function measure(label: string, url: string): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const concurrency of LEVELS) {
    const agent = agentFor(concurrency);
    const r = await runLoad({ url, agent, concurrency, seconds: SECONDS, warmupSeconds: WARMUP, body: bodyFor });
    await agent.close();
    process.stdout.write(`${label.padEnd(8)} c=${String(concurrency).padStart(2)}  ${String(r.perSecond).padStart(6)} msg/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  (${r.requests} requests, non-202: ${r.non2xx}${r.non2xx > 0 ? ` ${JSON.stringify(r.statuses)}` : ""})\n`);
    results.push(r);
  }
  return results;
}

process.stdout.write(`message: ${bodyFor(0).length} bytes; ${SECONDS} s per level after ${WARMUP} s warm-up; store: ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}\n`);

const ceilingPort = 18_443;
const ceiling = await startChild(['bench/ceiling-server.ts', certs.serverCert, certs.serverKey, certs.caCert, String(ceilingPort)], {}, 'ceiling listening');
const ceilingResults = await measure('ceiling', `https://localhost:${ceilingPort}/v1/messages`);
await stopChild(ceiling);

const endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
const doc = readFileSync('config/partners.dev.yaml', 'utf8')
  .replaceAll('../certs-dev/out/ca.crt', certs.caCert)
  .replace('https://localhost:9443/berichten', endpoint.url);
const partnersFile = path.join(work, 'partners.yaml');
writeFileSync(partnersFile, doc);
const prefix = `kpbench${randomBytes(3).toString('hex')}`;
// On PostgreSQL the run gets a database of its own, dropped afterwards.
const pgAdmin = process.env.DATABASE_URL;
const benchDb = pgAdmin ? new URL(pgAdmin) : undefined;
if (benchDb) {
  benchDb.pathname = `/${prefix}`;
  await runSql(pgAdmin!, `CREATE DATABASE ${prefix}`);
}
const gatewayPort = 18_444;
const gateway = await startChild(['main.ts'], {
  NODE_ENV: 'production', KP_PORT: String(gatewayPort), KP_HOST: '127.0.0.1', KP_OPS_PORT: '0', KP_LOG_LEVEL: 'info',
  KP_PARTNERS_FILE: partnersFile, KP_TLS_CERT: certs.serverCert, KP_TLS_KEY: certs.serverKey,
  KP_CLIENT_CERT: certs.gatewayClientCert, KP_CLIENT_KEY: certs.gatewayClientKey,
  AMQP_URL, KP_QUEUE_PREFIX: prefix, KP_SQLITE_FILE: path.join(work, 'bench.db'),
  ...(benchDb ? { DATABASE_URL: benchDb.toString() } : {}),
  KP_PAYLOAD_KEYS: `b1:${randomBytes(32).toString('base64')}`, KP_PAYLOAD_KEY_ID: 'b1', KP_BSN_HMAC_KEY: randomBytes(32).toString('base64'),
}, 'ketenpoort listening');
const gatewayResults = await measure('gateway', `https://localhost:${gatewayPort}/v1/messages`);
await stopChild(gateway);
await endpoint.stop();
// The gateway's delivery queues: the partners with an endpoint and the subscriptions feature's consumers.
await deleteTopology(AMQP_URL, prefix, [...partners.partners.filter((p) => p.delivery).map((p) => p.name), ANSWERS_CONSUMER, MUTATIONS_CONSUMER]);
if (pgAdmin) await runSql(pgAdmin, `DROP DATABASE ${prefix}`);

const ratio = (c: number) => {
  const g = gatewayResults.find((r) => r.concurrency === c);
  const x = ceilingResults.find((r) => r.concurrency === c);
  return g && x ? +(g.perSecond / x.perSecond).toFixed(2) : undefined;
};
const summary = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model,
  store: process.env.DATABASE_URL ? 'postgres' : 'sqlite', messageBytes: bodyFor(0).length, seconds: SECONDS,
  ceiling: ceilingResults, gateway: gatewayResults, ratio: Object.fromEntries(LEVELS.map((c) => [c, ratio(c)])),
  deliveredDuringRun: endpoint.received.size,
};
mkdirSync('bench/results', { recursive: true });
const out = path.join('bench/results', `ingest-${summary.store}-${summary.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify(summary, null, 1));
process.stdout.write(`ratio gateway/ceiling: ${LEVELS.map((c) => `c=${c} ${ratio(c)}`).join(', ')}; delivered to the partner during the run: ${endpoint.received.size}\nresults: ${out}\n`);
process.exit(0);
