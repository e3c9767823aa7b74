// Klantbeeld latency against the Suwinet stand-in, and the share spent signing and verifying.
// The gateway (audit + dkd features, SQLite, the shared RabbitMQ on a queue prefix of its own) runs in this
// process, so its metrics give the time in xml-crypto (kp_dkd_wus_crypto_seconds, sign and verify); the
// stand-in runs in a child process (it verifies and signs too, and would otherwise share this thread).
// Each klantbeeld = 4 WUS lookups (4 requests signed, 4 answers verified) + 4 audit rows.
//   npx tsx bench/dkd-klantbeeld.ts [klantbeelden at c=1 = 40] [per worker at c=16 = 10]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import type { Counter, Histogram } from 'prom-client';
import { stringify } from 'yaml';
import { DIENSTEN, type Dienst } from '../adapters/suwiml/index.ts';
import { auditFeature } from '../audit/index.ts';
import { ensureDevCerts, GATEWAY_OIN, SUWINET_OIN } from '../certs-dev/generate.ts';
import { loadPartners } from '../config/partners.ts';
import { settingsFromEnv } from '../config/settings.ts';
import { SuwinetStandin } from '../demo/suwinet-standin.ts';
import { dkdFeature } from '../dkd/feature.ts';
import { startKetenpoort } from '../ketenpoort.ts';
import { createLogger } from '../observability/logger.ts';
import { deleteTopology } from '../queue/topology.ts';

const SELF = fileURLToPath(import.meta.url);
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus');
const STANDIN_PORT = Number(process.env.BENCH_STANDIN_PORT ?? 23_450);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

// ---- child: the stand-in ----
if (process.argv[2] === '--standin') {
  const dir = process.argv[3]!;
  const standin = await new SuwinetStandin({
    port: STANDIN_PORT,
    identity: { key: readFileSync(path.join(dir, 'suwinet.key')), cert: readFileSync(path.join(dir, 'suwinet.crt')) },
    ca: readFileSync(path.join(dir, 'ca.crt')), requesterOins: [GATEWAY_OIN], oin: SUWINET_OIN, corpusDir: CORPUS,
  }).start();
  process.stdout.write('standin ready\n');
  process.on('SIGTERM', () => {
    const cpu = process.cpuUsage();
    process.stdout.write(`standin requests ${standin.totalRequests} refused ${standin.refused.length} cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`);
    void standin.stop().then(() => process.exit(0));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const single = Number(process.argv[2] ?? 40);
  const perWorker = Number(process.argv[3] ?? 10);
  const work = mkdtempSync(path.join(os.tmpdir(), 'kp-bench-dkd-'));
  const partners = loadPartners(path.resolve('config/partners.dev.yaml'));
  const certs = await ensureDevCerts({ outDir: path.join(work, 'certs'), partners: partners.partners.map((p) => ({ name: p.name, oin: p.oin })) });

  const child = spawn(process.execPath, [...process.execArgv, SELF, '--standin', certs.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  let childOut = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => { childOut += c; if (childOut.includes('standin ready')) resolve(); });
    child.once('exit', (code) => reject(new Error(`stand-in exited ${code}`)));
  });

  const partnersFile = path.join(work, 'partners.yaml');
  writeFileSync(partnersFile, readFileSync('config/partners.dev.yaml', 'utf8').replaceAll('../certs-dev/out/ca.crt', certs.caCert));
  const dkdFile = path.join(work, 'dkd.yaml');
  const version = (d: Dienst) => DIENSTEN[d].action.match(/-(v\d{4})\//)![1];
  writeFileSync(dkdFile, stringify({
    server: { ca: certs.caCert, serverName: 'localhost' }, trust: { ca: certs.caCert, oins: [SUWINET_OIN] },
    defaults: { timeoutMs: 30_000 }, // retries and backoff as configured by default (2, 200 ms)
    klantbeeld: { timeoutMs: 60_000 },
    diensten: Object.fromEntries((Object.keys(DIENSTEN) as Dienst[]).map((d) => [d, { url: `https://localhost:${STANDIN_PORT}/suwibroker/soap/${d}-${version(d)}`, oin: SUWINET_OIN }])),
  }));
  const prefix = `kpbdkd${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    KP_PORT: '0', KP_OPS_PORT: '0', KP_HOST: '127.0.0.1', KP_PARTNERS_FILE: partnersFile,
    KP_TLS_CERT: certs.serverCert, KP_TLS_KEY: certs.serverKey, KP_CLIENT_CERT: certs.gatewayClientCert, KP_CLIENT_KEY: certs.gatewayClientKey,
    AMQP_URL, KP_QUEUE_PREFIX: prefix, KP_SQLITE_FILE: path.join(work, 'bench.db'),
    KP_PAYLOAD_KEYS: `b1:${randomBytes(32).toString('base64')}`, KP_PAYLOAD_KEY_ID: 'b1', KP_BSN_HMAC_KEY: randomBytes(32).toString('base64'),
    KP_DKD_FILE: dkdFile,
  };
  const kp = await startKetenpoort(settingsFromEnv(env), env, { logger: createLogger({ level: 'warn' }), features: [auditFeature, dkdFeature] });
  const crypto = kp.metrics.registry.getSingleMetric('kp_dkd_wus_crypto_seconds') as Histogram;
  const cryptoCpu = kp.metrics.registry.getSingleMetric('kp_dkd_wus_crypto_cpu_seconds_total') as Counter;
  const attempts = kp.metrics.registry.getSingleMetric('kp_dkd_wus_attempts_total') as Counter;
  const cryptoSeconds = async () => {
    const wall = (await crypto.get()).values.filter((v) => v.metricName === 'kp_dkd_wus_crypto_seconds_sum');
    const cpu = (await cryptoCpu.get()).values;
    const failed = (await attempts.get()).values.filter((v) => v.labels.result !== 'ok').reduce((n, v) => n + v.value, 0);
    const by = (vs: typeof cpu, op: string) => vs.find((v) => v.labels.op === op)?.value ?? 0;
    return { sign: by(wall, 'sign'), verify: by(wall, 'verify'), signCpu: by(cpu, 'sign'), verifyCpu: by(cpu, 'verify'), failed };
  };

  // The corpus person with the most sources and no FWI sample (two found, two NietsGevonden); never printed.
  const responses = path.join(CORPUS, 'suwi/samples/responses');
  const counts = new Map<string, number>();
  for (const f of (await import('node:fs')).readdirSync(responses)) {
    const bsn = /_(\d{9})\.xml$/.exec(f)?.[1];
    // A person whose samples include the FWI Fout example would never give a complete klantbeeld.
    const fwi = readFileSync(path.join(responses, f), 'utf8').includes('<Fout>');
    if (bsn) counts.set(bsn, fwi ? -100 : (counts.get(bsn) ?? 0) + 1);
  }
  const bsn = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const gemeente = certs.partner('gemeente-0384');
  const body = JSON.stringify({ burgerservicenummer: bsn, doelbinding: 'Participatiewet' });

  async function level(concurrency: number, perClient: number) {
    const agent = new Agent({ connections: concurrency, connect: { ca: readFileSync(certs.caCert), cert: readFileSync(gemeente.cert), key: readFileSync(gemeente.key), servername: 'localhost' } });
    const once = async () => {
      const t = performance.now();
      const res = await request(`${kp.url}/v1/dkd/klantbeeld`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body });
      const view = (await res.body.json()) as { volledig?: boolean; bronnen?: { dienst: string; status: string; code?: string }[] };
      if (res.statusCode !== 200 || view.volledig !== true) {
        throw new Error(`klantbeeld ${res.statusCode}: ${(view.bronnen ?? []).map((b) => `${b.dienst} ${b.status} ${b.code ?? ''}`).join(', ')}`);
      }
      return performance.now() - t;
    };
    for (let i = 0; i < Math.min(5, perClient); i++) await once(); // warm-up: connections, JIT
    const before = await cryptoSeconds();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const latencies = (await Promise.all(Array.from({ length: concurrency }, async () => {
      const mine: number[] = [];
      for (let i = 0; i < perClient; i++) mine.push(await once());
      return mine;
    }))).flat().sort((a, b) => a - b);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const after = await cryptoSeconds();
    await agent.close();
    const n = latencies.length;
    const signMs = (after.sign - before.sign) * 1000;
    const verifyMs = (after.verify - before.verify) * 1000;
    const cryptoCpuMs = (after.signCpu - before.signCpu + after.verifyCpu - before.verifyCpu) * 1000;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const p = (q: number) => latencies[Math.min(n - 1, Math.floor(q * n))]!;
    return {
      concurrency, klantbeelden: n, perSecond: +(n / (wallMs / 1000)).toFixed(1),
      p50Ms: +p(0.5).toFixed(1), p99Ms: +p(0.99).toFixed(1),
      signMsPerKlantbeeld: +(signMs / n).toFixed(1), verifyMsPerKlantbeeld: +(verifyMs / n).toFixed(1),
      cryptoShareOfP50: +(((signMs + verifyMs) / n) / p(0.5)).toFixed(2),
      gatewayCpuMsPerKlantbeeld: +(cpuMs / n).toFixed(1),
      cryptoCpuMsPerKlantbeeld: +(cryptoCpuMs / n).toFixed(1),
      cryptoShareOfGatewayCpu: +(cryptoCpuMs / cpuMs).toFixed(2),
      failedAttempts: after.failed - before.failed,
    };
  }

  const results = [await level(1, single), await level(16, perWorker)];
  for (const r of results) {
    process.stdout.write(`c=${String(r.concurrency).padStart(2)}  ${r.klantbeelden} klantbeelden  ${r.perSecond}/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ` +
      `sign ${r.signMsPerKlantbeeld} ms + verify ${r.verifyMsPerKlantbeeld} ms per klantbeeld (${Math.round(r.cryptoShareOfP50 * 100)} % of p50; ` +
      `CPU ${r.cryptoCpuMsPerKlantbeeld} ms = ${Math.round(r.cryptoShareOfGatewayCpu * 100)} % of the gateway process's ${r.gatewayCpuMsPerKlantbeeld} ms CPU; ${r.failedAttempts} attempts retried)\n`);
  }
  await kp.close();
  await deleteTopology(AMQP_URL, prefix, kp.destinations);
  await new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); });
  process.stdout.write(`${childOut.split('\n').find((l) => l.startsWith('standin requests')) ?? ''}\n`);
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, load: os.loadavg().map((x) => +x.toFixed(1)), results })}\n`);
}
