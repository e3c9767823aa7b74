// The partner-facing server's defences against hostile and broken clients: timeouts, connection
// limits, load shedding, and the headers every HTTPS answer carries. Settings: gateway/limits.ts.
import type { Server } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { GatewayLimits } from './limits.ts';

/** Probes and the scraper are never shed: they must tell an overloaded gateway from a dead one. */
const NEVER_SHED = new Set(['/healthz', '/readyz', '/metrics']);
const SHED_RETRY_AFTER_SECONDS = 5;

export interface EdgeMetrics { refused: Counter<'reason'>; shed: Counter<'cause'>; open: Gauge }

export function edgeMetrics(registry: Registry): EdgeMetrics {
  return {
    refused: new Counter({ name: 'kp_connections_refused_total', help: 'Connections closed at once because a connection limit was reached', labelNames: ['reason'], registers: [registry] }),
    shed: new Counter({ name: 'kp_requests_shed_total', help: 'Requests answered 503 by load shedding', labelNames: ['cause'], registers: [registry] }),
    open: new Gauge({ name: 'kp_connections_open', help: 'Open connections on the partner-facing port', registers: [registry] }),
  };
}

/** The TLS and HTTP server options of the mTLS port that come from the limits. */
export function edgeServerOptions(limits: GatewayLimits) {
  return {
    tls: {
      minVersion: 'TLSv1.2' as const,
      ciphers: limits.tlsCiphers,
      honorCipherOrder: true,
      handshakeTimeout: limits.handshakeTimeoutMs,
      // http.Server options, passed through by https.createServer: how often the headers and request
      // timeouts are checked (Node's default, 30 s, would let a slow client stay that much longer).
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    fastify: {
      // Our own answer while closing (registerClosingAnswer): the error format and Retry-After of every 503.
      return503OnClosing: false,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionTimeout: limits.idleTimeoutMs,
    },
  };
}

/**
 * HSTS on every answer; `Cache-Control: no-store` on every answer that did not set its own (the cockpit's
 * static assets do): API answers may carry personal data (ops, brp, retours, message answers).
 */
export function registerEdgeHeaders(app: FastifyInstance, limits: GatewayLimits): void {
  const hsts = `max-age=${limits.hstsMaxAgeSeconds}; includeSubDomains`;
  app.addHook('onSend', async (_req, reply) => {
    void reply.header('strict-transport-security', hsts);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
}

/**
 * While the server closes (SIGTERM), a request that still arrives on an open keep-alive connection gets `503
 * shutting-down` with Retry-After and `Connection: close`, in the error format of every other 503, and starts no
 * work: its sender sends it again, to another process or after the restart.
 */
export function registerClosingAnswer(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    return reply.code(503).header('retry-after', String(SHED_RETRY_AFTER_SECONDS)).header('connection', 'close')
      .send({ errors: [{ code: 'shutting-down', message: 'this gateway process is stopping; send it again after Retry-After' }] });
  });
}

/**
 * Load shedding (@fastify/under-pressure): after the event loop stood still (a large message validated on
 * it), or while it lags or is saturated, new requests get 503 with Retry-After before their body is read —
 * so large messages cannot queue up behind each other — while the probes keep answering. A stall is judged
 * by the longest delay in the last second (under-pressure's own delay check is a mean, which one long
 * stall among a hundred short ticks does not move).
 */
export function registerLoadShedding(app: FastifyInstance, limits: GatewayLimits, metrics: EdgeMetrics, logger: Logger): void {
  if (limits.maxEventLoopStallMs === 0 && limits.maxEventLoopDelayMs === 0 && limits.maxEventLoopUtilization === 0 && limits.maxHeapUsedBytes === 0) return;
  const stalls = limits.maxEventLoopStallMs > 0 ? monitorEventLoopDelay({ resolution: 20 }) : undefined;
  stalls?.enable();
  app.addHook('onClose', async () => stalls?.disable());
  // Compiling schemas and starting up stall the loop by design; only what happens once serving counts.
  app.addHook('onReady', async () => stalls?.reset());
  let lastLog = 0;
  let shedUntil = 0;
  void app.register(underPressure, {
    ...(limits.maxEventLoopDelayMs > 0 ? { maxEventLoopDelay: limits.maxEventLoopDelayMs } : {}),
    ...(limits.maxEventLoopUtilization > 0 ? { maxEventLoopUtilization: limits.maxEventLoopUtilization, eventLoopUtilizationMode: 'interval' as const } : {}),
    ...(limits.maxHeapUsedBytes > 0 ? { maxHeapUsedBytes: limits.maxHeapUsedBytes } : {}),
    ...(stalls ? {
      healthCheckInterval: 1_000,
      // After a stall of S ms, shed for S ms (at least a second): what queued meanwhile is served first.
      healthCheck: async () => {
        const longestMs = stalls.max / 1e6;
        stalls.reset();
        const now = Date.now();
        if (longestMs > limits.maxEventLoopStallMs) shedUntil = Math.max(shedUntil, now + Math.max(1_000, longestMs));
        return now >= shedUntil;
      },
    } : {}),
    // under-pressure sends what the handler returns (index.js handlePressure) and goes on only on undefined;
    // its type says void, hence the cast below.
    pressureHandler: ((req: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => {
      if (NEVER_SHED.has(req.url.split('?')[0]!)) return undefined;
      const cause = type === 'healthCheck' ? 'eventLoopStall' : type;
      metrics.shed.inc({ cause });
      const now = Date.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        logger.warn({ cause, value }, 'shedding load: requests answered 503 until the gateway recovers');
      }
      void reply.code(503).header('retry-after', String(SHED_RETRY_AFTER_SECONDS));
      return { errors: [{ code: 'overloaded', message: `the gateway is overloaded (${cause}); send it again after Retry-After` }] };
    }) as unknown as NonNullable<FastifyUnderPressureOptions['pressureHandler']>,
  });
}

/**
 * Connection limits, in total (server.maxConnections: Node closes the surplus before any TLS work) and per
 * client address (closed as it arrives). One warning per address when it first hits its limit.
 */
export function guardConnections(server: Server, limits: GatewayLimits, metrics: EdgeMetrics, logger: Logger): void {
  server.maxConnections = limits.maxConnections;
  const perAddress = new Map<string, number>();
  const warned = new Set<string>();
  metrics.open.set(0);
  server.on('drop', () => {
    metrics.refused.inc({ reason: 'total' });
    if (!warned.has('*')) {
      warned.add('*');
      logger.warn({ limit: limits.maxConnections }, 'connection limit reached: new connections are closed');
    }
  });
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const n = (perAddress.get(address) ?? 0) + 1;
    if (n > limits.maxConnectionsPerAddress) {
      metrics.refused.inc({ reason: 'per-address' });
      if (!warned.has(address)) {
        warned.add(address);
        logger.warn({ address, limit: limits.maxConnectionsPerAddress }, 'connection limit per address reached: its new connections are closed');
      }
      socket.destroy();
      return;
    }
    perAddress.set(address, n);
    metrics.open.inc();
    socket.once('close', () => {
      metrics.open.dec();
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
      if (left < limits.maxConnectionsPerAddress) warned.delete(address);
      warned.delete('*');
    });
  });
}
