import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

// KP_WORKERS=N gateway processes on one PostgreSQL (node:cluster: the workers share the listening socket).
// The primary only forks, restarts a worker that dies, and answers the ops port: /healthz, /readyz (every
// worker ready) and /metrics summed over the workers (prom-client's AggregatorRegistry). Everything that must
// happen once (sweeper, deadline alerts, retention, reconcilers) is decided in the database, never here.

const READINESS = 'ketenpoort:worker-readiness';
/** How often a worker tells the primary whether it can take messages, and how old a report may be. */
const READINESS_EVERY_MS = 1_000;
const READINESS_STALE_MS = 5_000;

interface WorkerReadiness { ready: boolean; checks: Record<string, string>; at: number }
interface ReadinessMessage { type: typeof READINESS; ready: boolean; checks: Record<string, string> }

const isReadinessMessage = (m: unknown): m is ReadinessMessage =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === READINESS;

/** How many gateway processes: KP_WORKERS (default the cores), and one on SQLite (a single writer by design). */
export function workerCount(asked: number, onPostgres: boolean): { count: number; note?: string } {
  if (!onPostgres) return { count: 1, note: 'SQLite: the gateway runs as one process (KP_WORKERS applies to PostgreSQL)' };
  return { count: asked };
}

/** In the primary: forks `count` workers (with `env`: the same secrets for all) and serves the ops port for them. */
/** A worker past its own shutdown deadline (it exits itself then) gets this much longer before the primary kills it. */
const WORKER_KILL_AFTER_DEADLINE_MS = 5_000;

/**
 * In the primary: forks `count` workers (with `env`: the same secrets for all) and serves the ops port for them.
 * At a stop each worker has `shutdownTimeoutMs` (its own deadline); the primary exits 1 if one failed to stop.
 */
export function runPrimary(count: number, ops: { host: string; port: number } | undefined, logger: Logger, env: NodeJS.ProcessEnv, shutdownTimeoutMs: number): void {
  const aggregator = new AggregatorRegistry();
  // Each worker's latest report: the ops port's /readyz is the workers' own, not a flag set once at start.
  const ready = new Map<number, WorkerReadiness>();
  let stopping = false;
  let failedStops = 0;
  const fork = () => {
    const worker = cluster.fork(env);
    worker.on('message', (m: unknown) => { if (isReadinessMessage(m)) ready.set(worker.id, { ready: m.ready, checks: m.checks, at: Date.now() }); });
    worker.on('exit', (code, signal) => {
      ready.delete(worker.id);
      if (stopping) {
        if (code !== 0) failedStops++;
        return;
      }
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
        const now = Date.now();
        const reports = [...ready.values()].filter((r) => now - r.at <= READINESS_STALE_MS);
        const readyCount = reports.filter((r) => r.ready).length;
        const ok = readyCount === count;
        const down = reports.find((r) => !r.ready)?.checks;
        return void res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ready' : 'not-ready', workers: { ready: readyCount, of: count }, ...(down ? { checks: down } : {}) }));
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
    const killAt = Date.now() + shutdownTimeoutMs + WORKER_KILL_AFTER_DEADLINE_MS;
    const check = setInterval(() => {
      const left = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      if (left.length === 0) {
        clearInterval(check);
        process.exit(failedStops > 0 ? 1 : 0);
      }
      if (Date.now() > killAt) {
        logger.error({ workers: left.map((w) => w.process.pid) }, 'gateway workers still running past their shutdown deadline; killed');
        for (const w of left) w.process.kill('SIGKILL');
      }
    }, 100);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** In a worker: lets the primary read this process's metrics and tells it every second whether it can take messages. */
export function joinPrimary(registry: Registry, probe: () => Promise<{ ready: boolean; checks: Record<string, string> }>): () => void {
  if (!cluster.isWorker) return () => {};
  new AggregatorRegistry(); // installs the worker's side of the metrics exchange
  AggregatorRegistry.setRegistries([registry]);
  let busy = false;
  const report = () => {
    if (busy) return;
    busy = true;
    probe()
      .then((r) => { process.send?.({ type: READINESS, ready: r.ready, checks: r.checks } satisfies ReadinessMessage); })
      .catch(() => { process.send?.({ type: READINESS, ready: false, checks: { probe: 'failed' } } satisfies ReadinessMessage); })
      .finally(() => { busy = false; });
  };
  report();
  const timer = setInterval(report, READINESS_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
