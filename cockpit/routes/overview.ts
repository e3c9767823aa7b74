import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { dashboard } from '../dashboard.ts';
import { partnerHealth } from '../partner-health.ts';

export async function overviewRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  app.get('/v1/ops/dashboard', async () => dashboard(api));
  app.get('/v1/ops/partners', async () => ({ items: await partnerHealth(api.db, api.partners, api.settings) }));
}
