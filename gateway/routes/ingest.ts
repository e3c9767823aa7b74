import type { FastifyInstance } from 'fastify';
import type { Ingest } from '../../ingest/accept.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { BODY_JUDGED_BY_ITS_READER } from '../api/schemas.ts';
import { requirePartner } from '../partner-identity.ts';
import { MESSAGES_SCHEMA } from './schemas.ts';

// POST /v1/messages: a raw message (any content type, kept as bytes). 202 only once durable.
export function ingestRoutes(ingest: Ingest, metrics: Metrics, maxBodyBytes: number) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));

    app.post('/v1/messages', { schema: MESSAGES_SCHEMA, ...BODY_JUDGED_BY_ITS_READER }, async (req, reply) => {
      const partner = requirePartner(req, reply);
      if (!partner) return reply;
      const started = performance.now();
      const body = req.body as Buffer | undefined;
      if (!body || body.length === 0) return reply.code(400).send({ errors: [{ code: 'empty-body', message: 'the request has no message' }] });
      const key = req.headers['idempotency-key'];
      const outcome = await ingest.accept(partner, body, {
        contentType: req.headers['content-type'] ?? 'application/octet-stream',
        requestId: req.id,
        ...(typeof key === 'string' && key.length > 0 && key.length <= 200 ? { idempotencyKey: key } : {}),
      });
      const { meta } = outcome;
      if (outcome.kind === 'stored-unpublished') {
        return reply.code(503).header('retry-after', String(outcome.retryAfterSeconds)).send({
          id: meta.id, family: meta.family, type: meta.type, status: meta.status,
          errors: [{ code: 'broker-unavailable', message: 'the message is stored but the broker did not confirm it; send it again after Retry-After (it will not be duplicated)' }],
        });
      }
      metrics.ingestSeconds.observe((performance.now() - started) / 1000);
      reply.log.info({ messageId: meta.id, partner: partner.name, type: meta.type, duplicate: outcome.duplicate }, 'message accepted');
      // An answer in the standard's own terms (a StUF Du01) replaces the JSON; it is still only sent once durable.
      if (outcome.answer) return reply.code(200).header('x-ketenpoort-message-id', meta.id).type(outcome.answer.contentType).send(outcome.answer.body);
      return reply.code(202).send({ ...outcome.extra, id: meta.id, family: meta.family, type: meta.type, status: meta.status, ...(outcome.duplicate ? { duplicate: true } : {}) });
    });
  };
}
