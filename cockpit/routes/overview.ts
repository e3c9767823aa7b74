import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { dashboard } from '../dashboard.ts';
import { partnerHealth } from '../partner-health.ts';
import { series, SERIES_WINDOWS, type SeriesWindow } from '../series.ts';

export async function overviewRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  app.get('/v1/ops/dashboard', async () => dashboard(api));
  app.get<{ Querystring: { window?: SeriesWindow } }>('/v1/ops/series', {
    schema: { querystring: { type: 'object', properties: { window: { type: 'string', enum: Object.keys(SERIES_WINDOWS) } }, additionalProperties: false } },
  }, async (req) => series(api.db, req.query.window ?? '1h'));
  app.get('/v1/ops/partners', async () => ({ items: await partnerHealth(api.db, api.partners, api.settings) }));
}
