import type { FastifyError, FastifyInstance } from 'fastify';
import { LevelsUnavailable } from '../ingest/levels-pool.ts';
import { Refusal } from '../ingest/refusal.ts';
import { invalidParamsOf } from './api/problem.ts';
import { loggable, unavailableCode } from '../store/unavailable.ts';

/** Seconds a client is asked to wait when the store cannot write. */
const STORE_RETRY_AFTER_SECONDS = 5;
/** … and when a validation worker thread died under the message (its replacement starts at once). */
const WORKER_RETRY_AFTER_SECONDS = 1;

// Every refusal is answered as {errors:[{code, message, line?, column?, path?}]}; internal
// failures are logged with their stack but answered without detail.
export function registerErrorHandler(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((err: FastifyError | Refusal, req, reply) => {
    if (err instanceof Refusal) {
      if (err.answer) return reply.code(err.answer.status ?? err.status).type(err.answer.contentType).send(err.answer.body);
      return reply.code(err.status).send({ ...err.extra, errors: err.errors });
    }
    // A request that does not match its route's schema: one error per finding, naming where (never the value).
    if (err.validation) {
      const where = err.validationContext ?? 'request';
      return reply.code(400).send({ errors: invalidParamsOf(err.validation).map((p) => ({ code: 'invalid-request', message: `${where}.${p.name} ${p.reason}`, path: `${where}.${p.name}` })) });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ errors: [{ code: 'payload-too-large', message: `the body exceeds ${maxBodyBytes} bytes (iStandaarden OP179: 25 MB)` }] });
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return reply.code(err.statusCode ?? 400).send({ errors: [{ code: 'bad-request', message: err.message }] });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ errors: [{ code: err.code ?? 'bad-request', message: err.message }] });
    }
    // A worker thread died under the message (the pool replaces it): nothing was judged or kept; try again.
    if (err instanceof LevelsUnavailable) {
      req.log.warn({ err }, 'validation worker stopped; answered 503');
      return reply.code(503).header('retry-after', String(WORKER_RETRY_AFTER_SECONDS)).send({
        errors: [{ code: 'worker-unavailable', message: 'the message could not be validated right now; nothing was accepted: send it again after Retry-After (with the same Idempotency-Key)' }],
      });
    }
    // The database is down, read-only, full or locked: nothing was accepted, and trying again later will work.
    const storeDown = unavailableCode(err);
    if (storeDown !== undefined) {
      req.log.warn({ err: loggable(err) }, 'store unavailable; answered 503');
      return reply.code(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS)).send({
        errors: [{ code: 'store-unavailable', message: 'the message store cannot take writes right now; nothing was accepted: send it again after Retry-After (with the same Idempotency-Key)' }],
      });
    }
    req.log.error({ err }, 'internal error');
    return reply.code(500).send({ errors: [{ code: 'internal', message: 'internal error; the message was not accepted' }] });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ errors: [{ code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }] }));
}
