import type { FastifyError, FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { requireOperator } from '../access.ts';
import { OpsError, opsValidationAnswer, sendOpsError } from '../errors.ts';
import { deadRoutes } from './dead.ts';
import { messageRoutes } from './messages.ts';
import { overviewRoutes } from './overview.ts';
import { replayRoutes } from './replays.ts';

/** /v1/ops/…: every route needs the operator role (client certificate); see docs/cockpit-api.md. */
export function opsRoutes(api: CockpitApi) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (req, reply) => {
      if (!requireOperator(req, reply)) return reply;
      return undefined;
    });
    app.setErrorHandler((err: FastifyError | OpsError, req, reply) => {
      if (err instanceof OpsError) return sendOpsError(reply, err);
      const invalid = opsValidationAnswer(err);
      if (invalid) return reply.code(400).send(invalid);
      if (err.statusCode !== undefined && err.statusCode < 500) {
        return reply.code(err.statusCode).send({ errors: [{ code: err.code?.startsWith('FST_ERR_CTP') ? 'bad-body' : 'bad-request', message: err.message }] });
      }
      req.log.error({ err }, 'operator API internal error');
      return reply.code(500).send({ errors: [{ code: 'internal', message: 'internal error' }] });
    });
    await messageRoutes(app, api);
    await deadRoutes(app, api);
    await replayRoutes(app, api);
    await overviewRoutes(app, api);
  };
}
