// The OpenAPI document without a running gateway: the same route plugins as the features register (see each
// feature's gatewayRoutes), given inert dependencies — registering a route reads none of them, only handling
// a request would. The integration tests check that a running gateway serves this same document.
import Fastify, { type FastifyInstance } from 'fastify';
import { cockpitWebRoutes } from '../../cockpit/web/routes.ts';
import { opsRoutes } from '../../cockpit/routes/plugin.ts';
import { dkdRoutes } from '../../dkd/api/routes.ts';
import { dkdOpsRoutes } from '../../dkd/ops-routes.ts';
import { registerApiRoutes } from '../../gateway/app.ts';
import { registerErrorHandler } from '../../gateway/error-handler.ts';
import { retourRoutes } from '../../istandaarden/retour-routes.ts';
import { pgbRoutes } from '../../pgb/routes.ts';
import { watchlistRoutes } from '../../subscriptions/api/routes.ts';

const INERT = {} as never;
const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** Every route plugin of every feature, as FEATURES registers them (ketenpoort.ts). */
export const FEATURE_ROUTES: readonly ((app: FastifyInstance) => Promise<void>)[] = [
  retourRoutes(INERT),
  watchlistRoutes({ deps: INERT, watchlist: { volgindicaties: INERT } as never }),
  async (app) => { await app.register(opsRoutes(INERT)); await app.register(cockpitWebRoutes); },
  pgbRoutes({ store: INERT, worklist: INERT, audit: INERT, importDeps: INERT, layouts: new Map(), maxListBytes: MAX_BODY_BYTES }),
  async (app) => { await app.register(dkdRoutes({ lookups: INERT, klantbeeldTimeoutMs: 10_000 })); await app.register(dkdOpsRoutes(INERT)); },
];

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = Fastify({ logger: false }) as unknown as FastifyInstance;
  registerErrorHandler(app, MAX_BODY_BYTES);
  app.decorateRequest('partner', null);
  registerApiRoutes(app, { ingest: INERT, metrics: INERT, broker: INERT, store: INERT, routes: FEATURE_ROUTES }, MAX_BODY_BYTES);
  await app.ready();
  const doc = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  return doc;
}

/** The document as docs/openapi.json holds it. */
export async function openApiText(): Promise<string> {
  return `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
}
