import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

// KP_WORKERS=N gateway processes on one PostgreSQL (node:cluster: the workers share the listening socket).
// The primary only forks, restarts a worker that dies, and answers the ops port: /healthz, /readyz (every
// worker ready) and /metrics summed over the workers (prom-client's AggregatorRegistry). Everything that must
// happen once (sweeper, deadline alerts, retention, reconcilers) is decided in the database, never here.

const READY = 'ketenpoort:worker-ready';

/** How many gateway processes: KP_WORKERS (default the cores), and one on SQLite (a single writer by design). */
export function workerCount(env: NodeJS.ProcessEnv, onPostgres: boolean): { count: number; note?: string } {
  const asked = env.KP_WORKERS === undefined || env.KP_WORKERS.trim() === '' ? os.availableParallelism() : Number(env.KP_WORKERS);
  if (!Number.isInteger(asked) || asked < 1) throw new RangeError('KP_WORKERS must be a whole number of at least 1');
  if (!onPostgres) return { count: 1, note: 'SQLite: the gateway runs as one process (KP_WORKERS applies to PostgreSQL)' };
  return { count: asked };
}

/** In the primary: forks `count` workers (with `env`: the same secrets for all) and serves the ops port for them. */
export function runPrimary(count: number, ops: { host: string; port: number } | undefined, logger: Logger, env: NodeJS.ProcessEnv): void {
  const aggregator = new AggregatorRegistry();
  const ready = new Set<number>();
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork(env);
    worker.on('message', (m: unknown) => { if (m === READY) ready.add(worker.id); });
    worker.on('exit', (code, signal) => {
      ready.delete(worker.id);
      if (stopping) return;
      logger.error({ worker: worker.process.pid, code, signal }, 'gateway worker died; starting another');
      fork();
    });
  };
  for (let i = 0; i < count; i++) fork();
  let server: Server | undefined;
  if (ops && ops.port > 0) {
    server = createServer((req, res) => {
      if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.url === '/readyz') {
        const ok = ready.size === count;
        return void res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ready' : 'not-ready', workers: { ready: ready.size, of: count } }));
      }
      if (req.url === '/metrics') {
        aggregator.clusterMetrics().then(
          (text) => res.writeHead(200, { 'content-type': aggregator.contentType }).end(text),
          (err: Error) => res.writeHead(500).end(err.message),
        );
        return;
      }
      res.writeHead(404).end();
    });
    server.listen(ops.port, ops.host);
  }
  logger.info({ workers: count, pid: process.pid }, 'ketenpoort primary: gateway workers started');
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping gateway workers');
    server?.close();
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const check = setInterval(() => { if (Object.keys(cluster.workers ?? {}).length === 0) { clearInterval(check); process.exit(0); } }, 100);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** In a worker: lets the primary read this process's metrics and tells it when the gateway is ready. */
export function joinPrimary(registry: Registry, whenReady: Promise<boolean>): void {
  if (!cluster.isWorker) return;
  new AggregatorRegistry(); // installs the worker's side of the metrics exchange
  AggregatorRegistry.setRegistries([registry]);
  void whenReady.then((up) => { if (up) process.send?.(READY); });
}
