import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Ingest } from '../ingest/accept.ts';
import { edgeMetrics, edgeServerOptions, guardConnections, registerClosingAnswer, registerEdgeHeaders, registerLoadShedding } from './edge.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerOpenApi } from './api/openapi.ts';
import { addSharedSchemas } from './api/schemas.ts';
import { DEFAULT_LIMITS, type GatewayLimits } from './limits.ts';
import { partnerCaCheck } from './partner-cas.ts';
import { registerPartnerIdentity, requirePartner } from './partner-identity.ts';
import { healthRoutes, type HealthDeps } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';

export interface GatewayTls { key: Buffer; cert: Buffer; clientCas: Buffer[] }

export interface GatewayDeps extends HealthDeps {
  partners: PartnerRegistry;
  ingest: Ingest;
  logger: Logger;
  /** Features' routes (partner identity is on req.partner; each checks its own role). */
  routes?: readonly ((app: FastifyInstance) => Promise<void>)[];
  /** Called once the OpenAPI plugin is registered and before any route (the tests' response check). */
  onApp?: (app: FastifyInstance) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

// The partner-facing server: HTTPS only, a client certificate from a configured CA is required
// by the handshake itself (no certificate or an unknown CA never reaches a route), TLS 1.2+ with
// forward secrecy; timeouts, connection limits and load shedding from `limits` (gateway/edge.ts).
export function buildGateway(deps: GatewayDeps, tls: GatewayTls, maxBodyBytes: number, limits: GatewayLimits = DEFAULT_LIMITS): FastifyInstance {
  const edge = edgeServerOptions(limits);
  // Typed as the plain instance: no route depends on the server being https.
  const app = Fastify({
    loggerInstance: deps.logger,
    // One line per accepted message (routes/ingest.ts) instead of two per request: the hot path.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: maxBodyBytes,
    // A field a schema does not name is refused, not silently dropped (the route schemas are the contract), and
    // every finding is named at once (the Haal Centraal APIs promise that). allErrors costs time in proportion
    // to the input; ajv judges only JSON bodies and parameters, within the body limit, never a message.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    ...edge.fastify,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    https: {
      key: tls.key,
      cert: tls.cert,
      ca: tls.clientCas,
      requestCert: true,
      rejectUnauthorized: true,
      ...edge.tls,
    },
  }) as unknown as FastifyInstance;
  const metrics = edgeMetrics(deps.metrics.registry);
  guardConnections(app.server, limits, metrics, deps.logger);
  registerClosingAnswer(app);
  registerLoadShedding(app, limits, metrics, deps.logger);
  registerEdgeHeaders(app, limits);
  app.addHook('onSend', async (req, reply) => { void reply.header('x-request-id', req.id); });
  registerErrorHandler(app, maxBodyBytes);
  registerPartnerIdentity(app, deps.partners, partnerCaCheck(deps.partners));
  registerApiRoutes(app, deps, maxBodyBytes);
  return app;
}

/**
 * The OpenAPI plugin and every route on the mTLS port, in order: also used, with inert dependencies, to write
 * docs/openapi.json (ops/api/openapi-document.ts).
 */
export function registerApiRoutes(app: FastifyInstance, deps: Pick<GatewayDeps, 'ingest' | 'metrics' | 'routes' | 'onApp'> & HealthDeps, maxBodyBytes: number): void {
  registerOpenApi(app);
  deps.onApp?.(app);
  void app.register(healthRoutes(deps, (req, reply) => requirePartner(req, reply, 'operator') !== undefined));
  void app.register(ingestRoutes(deps.ingest, deps.metrics, maxBodyBytes));
  for (const routes of deps.routes ?? []) void app.register(routes);
}

// Plain HTTP, meant for loopback: liveness/readiness probes and the Prometheus scraper.
export function buildOpsServer(deps: HealthDeps, logger: Logger): FastifyInstance {
  const app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) }) as unknown as FastifyInstance;
  // The probes' response schemas refer to the shared ones (the Errors body of /readyz), as on the mTLS port.
  addSharedSchemas(app);
  void app.register(healthRoutes(deps));
  return app;
}
