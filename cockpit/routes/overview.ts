import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { dashboard } from '../dashboard.ts';
import { partnerHealth } from '../partner-health.ts';
import { series, SERIES_WINDOWS, type SeriesWindow } from '../series.ts';
import { DASHBOARD, PARTNERS, SERIES_RESPONSE } from './schemas.ts';

export async function overviewRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  app.get('/v1/ops/dashboard', DASHBOARD, async () => dashboard(api));
  app.get<{ Querystring: { window?: SeriesWindow } }>('/v1/ops/series', {
    schema: {
      tags: ['operator'], operationId: 'getSeries', summary: 'The dashboard\'s charts', description: 'Per bucket: messages received per family, failed delivery attempts, dead deliveries and refusals.',
      querystring: { type: 'object', properties: { window: { type: 'string', enum: Object.keys(SERIES_WINDOWS), default: '1h' } }, additionalProperties: false },
      response: SERIES_RESPONSE,
    },
  }, async (req) => series(api.db, req.query.window ?? '1h'));
  app.get('/v1/ops/partners', PARTNERS, async () => ({ items: await partnerHealth(api.db, api.partners, api.settings) }));
}
