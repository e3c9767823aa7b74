// GET /v1/openapi.json on a running gateway (every feature) is the committed docs/openapi.json; every answer
// carries API-Version; a request that fails its route's schema is a 400 naming where, in the API's own error
// shape: {errors} on /v1/istandaarden/retours, RFC 9457 problem+json (type, title, status, detail, instance) on
// the watchlist, PGB and DKD APIs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_VERSION } from '../../../gateway/api/openapi.ts';
import { OPENAPI_FILE } from '../../../ops/api/write-openapi.ts';
import { partnerClient } from '../../support/client.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ endpoints: {} });
});
afterAll(async () => {
  await chain?.close();
});

it('serves the committed contract at /v1/openapi.json, public (CORS) and versioned', async () => {
  const gemeente = partnerClient(chain.certs, 'gemeente-0384');
  const res = await gemeente.get(chain.kp.url, '/v1/openapi.json');
  await gemeente.close();
  expect(res.status).toBe(200);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['api-version']).toBe(API_VERSION);
  expect(res.body, 'the running gateway\'s routes differ from docs/openapi.json (ops/api/openapi-document.ts lists them)').toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
});

it('refuses a retour request that fails its schema with 400 {errors} naming the field', async () => {
  const gemeente = partnerClient(chain.certs, 'aanbieder-42420001');
  const bad = await gemeente.send('POST', chain.kp.url, '/v1/istandaarden/retours', { messageId: 'x', findings: [{ rule: 'T1', code: '9332', path: '/Bericht' }] });
  const extra = await gemeente.send('POST', chain.kp.url, '/v1/istandaarden/retours', { messageId: 'x', kleur: 'rood' });
  await gemeente.close();
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([expect.objectContaining({ code: 'invalid-request', path: 'body.findings.0.rule' })]);
  expect(extra.status).toBe(400);
  expect(extra.body.errors).toEqual([expect.objectContaining({ code: 'invalid-request', path: 'body.kleur' })]);
  expect(bad.headers['api-version']).toBe(API_VERSION);
});

const problemMembers = (res: { headers: Record<string, unknown>; body: Record<string, unknown> }, status: number) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  expect(res.body.instance).toBe(`urn:ketenpoort:request:${String(res.headers['x-request-id'])}`);
};

it('answers the newer APIs\' faulty requests as RFC 9457 problems, an unreadable body too', async () => {
  const gemeente = partnerClient(chain.certs, 'gemeente-0384');
  const dkd = await gemeente.send('POST', chain.kp.url, '/v1/dkd/klantbeeld', '{"burgerservicenummer":', { 'content-type': 'application/json' });
  const dkdParams = await gemeente.send('POST', chain.kp.url, '/v1/dkd/klantbeeld', { burgerservicenummer: '123', doelbinding: 'Participatiewet' });
  await gemeente.close();
  problemMembers(dkd, 400);
  problemMembers(dkdParams, 400);
  expect(dkdParams.body.invalidParams).toEqual([expect.objectContaining({ name: 'burgerservicenummer', code: 'pattern' })]);

  const beheer = partnerClient(chain.certs, 'pgb-beheer');
  const pgb = await beheer.send('POST', chain.kp.url, '/v1/pgb/worklist/00000000-0000-7000-8000-000000000000/status', '{"status":', { 'content-type': 'application/json' });
  const pgbMissing = await beheer.send('GET', chain.kp.url, '/v1/pgb/worklist/00000000-0000-7000-8000-000000000000');
  await beheer.close();
  problemMembers(pgb, 400);
  problemMembers(pgbMissing, 404);

  const subscriber = partnerClient(chain.certs, 'wsw-subscriber');
  const brp = await subscriber.send('GET', chain.kp.url, '/v1/brp/volgindicaties/123456789');
  await subscriber.close();
  problemMembers(brp, 400);
});
