// The integration tests' response check (tests/support/openapi-check.ts) does catch an answer that leaves the
// contract: an undocumented operation or status, a body against its schema, a member the serializer dropped.
import Fastify from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { READYZ_SCHEMA } from '../../../gateway/routes/schemas.ts';
import { coverage } from '../../../ops/api/coverage.ts';
import { hits, installResponseCheck, mismatches, openApiPath } from '../../support/openapi-check.ts';

afterEach(() => { mismatches.splice(0); hits.clear(); });

async function app() {
  const a = Fastify();
  installResponseCheck(a);
  a.get('/healthz', async (req, reply) => ((req.query as { teapot?: string }).teapot ? reply.code(418).send({ status: 'ok' }) : { status: 'ok', extra: 1 }));
  a.get('/readyz', { schema: READYZ_SCHEMA }, async () => ({ status: 'ready', checks: { store: 'ok', broker: 'ok' }, secret: 1 }));
  a.get('/v1/nowhere', async () => ({ ok: true }));
  a.get('/metrics', async (_req, reply) => reply.type('text/plain').send('kp_up 1\n'));
  await a.ready();
  return a;
}

it('passes a documented answer and records the operation', async () => {
  const a = await app();
  await a.inject('/metrics');
  expect(mismatches).toEqual([]);
  expect([...hits]).toEqual(['GET /metrics 200']);
});

it('names the route and the fault of each answer outside the contract', async () => {
  const a = await app();
  await a.inject('/healthz');
  await a.inject('/healthz?teapot=1');
  await a.inject('/readyz');
  await a.inject('/v1/nowhere');
  expect(mismatches).toEqual([
    { route: 'GET /healthz', status: 200, problem: expect.stringMatching(/does not match its schema: body must NOT have additional properties/) },
    { route: 'GET /healthz', status: 418, problem: 'status 418 is not documented' },
    { route: 'GET /readyz', status: 200, problem: expect.stringMatching(/serializer changed the answer at \$\.secret/) },
    { route: 'GET /v1/nowhere', status: 200, problem: 'the operation is not in docs/openapi.json' },
  ]);
});

it('writes fastify routes as OpenAPI paths', () => {
  expect(openApiPath('/v1/dkd/:dienst')).toBe('/v1/dkd/{dienst}');
  expect(openApiPath('/v1/pgb/worklist.:format')).toBe('/v1/pgb/worklist.{format}');
});

it('names the documented operations and answers no integration test called (ops/api/coverage.ts)', () => {
  const doc = { paths: { '/healthz': { get: { responses: { 200: {} } } }, '/v1/x/{id}': { get: { responses: { 200: {}, 404: {} } }, post: { responses: { 201: {} } } } } };
  const c = coverage(doc, ['GET /healthz 200', 'GET /v1/x/{id} 404', '']);
  expect(c.operations).toBe(3);
  expect(c.uncalled).toEqual(['POST /v1/x/{id}']);
  expect(c.unseen).toEqual(['GET /v1/x/{id} 200', 'POST /v1/x/{id} 201']);
});
