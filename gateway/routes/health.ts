import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.ts';
import type { Broker } from '../../queue/broker.ts';
import type { Store } from '../../store/index.ts';
import { unavailableCode } from '../../store/unavailable.ts';
import { HEALTHZ_SCHEMA, METRICS_SCHEMA, READYZ_SCHEMA } from './schemas.ts';

const PING_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The driver's code where there is one (store-unavailable (57P01)), else the message. */
function describeStoreError(err: Error): string {
  const code = unavailableCode(err);
  return code === undefined ? err.message : `store-unavailable (${code})`;
}

export interface HealthDeps {
  broker: Broker;
  store: Store;
  metrics: Metrics;
  /** The features' informational checks (FeatureParts.readiness): shown, never deciding readiness. */
  informational?: () => Record<string, unknown>;
}

// /healthz: the process answers. /readyz: it can take messages (store and broker reachable).
// /metrics: Prometheus text. On the mTLS port /metrics is for the operator role; the plain ops
// port (loopback by default) serves all three for probes and scrapers.
export interface Readiness { ready: boolean; checks: { store: string; broker: string } }

/** Whether this process can take messages: the store answers (and its last write did not fail) and the broker is up. */
export async function readiness(deps: Pick<HealthDeps, 'store' | 'broker'>): Promise<Readiness> {
  // A database that hangs must not hang the probe: after PING_TIMEOUT_MS the store counts as down.
  const store = await withTimeout(deps.store.ping(), PING_TIMEOUT_MS).then(() => 'ok', (err: Error) => `down: ${describeStoreError(err)}`);
  const broker = deps.broker.isUp ? 'ok' : 'down';
  return { ready: store === 'ok' && broker === 'ok', checks: { store, broker } };
}

export function healthRoutes(deps: HealthDeps, guardMetrics?: (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => boolean) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/healthz', { schema: HEALTHZ_SCHEMA }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: READYZ_SCHEMA }, async (_req, reply) => {
      const { ready, checks: { store, broker } } = await readiness(deps);
      const info = deps.informational?.();
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: { store, broker }, ...(info && Object.keys(info).length > 0 ? { info } : {}) });
    });

    app.get('/metrics', { schema: METRICS_SCHEMA }, async (req, reply) => {
      if (guardMetrics && !guardMetrics(req, reply)) return reply;
      deps.metrics.brokerUp.set(deps.broker.isUp ? 1 : 0);
      const depth = await deps.broker.queueDepth(deps.broker.names.dead).catch(() => undefined);
      if (depth !== undefined) deps.metrics.deadLetterDepth.set(depth);
      return reply.header('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });
  };
}
