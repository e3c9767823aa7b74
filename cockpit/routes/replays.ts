import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { recordAct } from '../access.ts';
import { OpsError } from '../errors.ts';
import { REPLAY, REPLAY_CANCEL, REPLAYS } from './schemas.ts';

export async function replayRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  const { jobs, audit } = api;

  app.get<{ Querystring: { limit: number } }>('/v1/ops/replays', REPLAYS, async (req) => ({ items: await jobs.list(req.query.limit) }));

  app.get<{ Params: { id: string } }>('/v1/ops/replays/:id', REPLAY, async (req) => {
    const job = await jobs.get(req.params.id);
    if (!job) throw new OpsError(404, 'job-not-found', `no replay job ${req.params.id}`);
    return { job };
  });

  app.post<{ Params: { id: string } }>('/v1/ops/replays/:id/cancel', REPLAY_CANCEL, async (req) => {
    const id = req.params.id;
    if (!(await jobs.get(id))) throw new OpsError(404, 'job-not-found', `no replay job ${id}`);
    const job = (await jobs.cancel(id))!;
    await recordAct(audit, req.partner!, { action: 'dead.replay.cancel', subjectType: 'replay-job', subject: id });
    return { job };
  });
}
