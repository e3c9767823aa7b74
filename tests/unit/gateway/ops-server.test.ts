import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildOpsServer } from '../../../gateway/app.ts';
import type { HealthDeps } from '../../../gateway/routes/health.ts';

// The ops port's server builds its probes' response schemas, which refer to the shared ones (a missing
// shared schema stopped `npm start` with its default ops port). /healthz needs neither store nor broker.
describe('the ops server', () => {
  it('builds every probe route and answers /healthz', async () => {
    const app = buildOpsServer({} as HealthDeps, pino({ level: 'silent' }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(app.hasRoute({ method: 'GET', url: '/readyz' })).toBe(true);
    await app.close();
  });
});
