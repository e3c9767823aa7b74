import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.ts';
import type { Broker } from '../../queue/broker.ts';
import type { Store } from '../../store/index.ts';

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
export function healthRoutes(deps: HealthDeps, guardMetrics?: (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => boolean) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/healthz', async () => ({ status: 'ok' }));

    app.get('/readyz', async (_req, reply) => {
      const store = await deps.store.ping().then(() => 'ok', (err: Error) => `down: ${err.message}`);
      const broker = deps.broker.isUp ? 'ok' : 'down';
      const ready = store === 'ok' && broker === 'ok';
      const info = deps.informational?.();
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: { store, broker }, ...(info && Object.keys(info).length > 0 ? { info } : {}) });
    });

    app.get('/metrics', async (req, reply) => {
      if (guardMetrics && !guardMetrics(req, reply)) return reply;
      deps.metrics.brokerUp.set(deps.broker.isUp ? 1 : 0);
      const depth = await deps.broker.queueDepth(deps.broker.names.dead).catch(() => undefined);
      if (depth !== undefined) deps.metrics.deadLetterDepth.set(depth);
      return reply.header('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });
  };
}
