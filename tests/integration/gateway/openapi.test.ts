// GET /v1/openapi.json on a running gateway (every feature) is the committed docs/openapi.json; every answer
// carries API-Version; a request that fails its route's schema (fastify's ajv judges every route) is a 4xx
// naming where, in the API's own documented error shape: {errors} with `invalid-request` on
// /v1/istandaarden/retours, {errors} with `bad-query`/`bad-body` and `path` on /v1/ops, RFC 9457
// problem+json (type, title, status, detail, instance) on the watchlist, PGB and DKD APIs — never a 500 and
// never fastify's own text.
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

// Operations that no other integration test calls on the mTLS port (npm run openapi:coverage named them).
it('answers the probes and the PGB layouts as documented', async () => {
  const gemeente = partnerClient(chain.certs, 'gemeente-0384');
  const healthz = await gemeente.get(chain.kp.url, '/healthz');
  await gemeente.close();
  expect(healthz.status).toBe(200);
  expect(healthz.body).toEqual({ status: 'ok' });
  const beheer = partnerClient(chain.certs, 'pgb-beheer');
  const layouts = await beheer.get(chain.kp.url, '/v1/pgb/layouts');
  await beheer.close();
  expect(layouts.status).toBe(200);
  expect(layouts.body.layouts.map((l: { name: string }) => l.name)).toContain(layouts.body.default);
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

/** What every schema fault must not be: a 500, fastify's raw text (`must be …` without the field) or an echo. */
const notRaw = (res: { status: number; body: unknown }, secret?: string) => {
  expect(res.status).toBeLessThan(500);
  expect(JSON.stringify(res.body)).not.toContain('FST_ERR');
  if (secret) expect(JSON.stringify(res.body)).not.toContain(secret);
};

it('answers the operator API\'s schema faults as {errors} naming each field: query, path and body', async () => {
  const op = partnerClient(chain.certs, 'operator');
  const pd = partnerClient(chain.certs, 'operator-pd');
  const limit = await op.get(chain.kp.url, '/v1/ops/messages?limit=0');
  const kind = await op.get(chain.kp.url, '/v1/ops/dead?kind=lost&limit=abc');
  const id = await op.get(chain.kp.url, '/v1/ops/messages/not%20an%20id');
  const ids = await op.send('POST', chain.kp.url, '/v1/ops/dead/replay', { ids: ['m1', {}], extra: true });
  const note = await op.send('POST', chain.kp.url, '/v1/ops/dead/0190f0e0-0000-7000-8000-000000000000/hold', { note: 'x'.repeat(501) });
  const bsn = await pd.send('POST', chain.kp.url, '/v1/ops/messages/search-by-bsn', { bsn: '12345' });
  const dkd = await op.get(chain.kp.url, '/v1/ops/dkd/overview?hours=745');
  const window = await op.get(chain.kp.url, '/v1/ops/series?window=1y');
  await op.close();
  await pd.close();
  for (const res of [limit, kind, id, ids, note, bsn, dkd, window]) { expect(res.status).toBe(400); notRaw(res, '12345'); }
  expect(limit.body.errors).toEqual([expect.objectContaining({ code: 'bad-query', path: 'query.limit' })]);
  expect(kind.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.kind', 'query.limit']);
  expect(id.body.errors).toEqual([expect.objectContaining({ code: 'bad-query', path: 'params.id' })]);
  expect(ids.body.errors.map((e: { code: string; path: string }) => `${e.code} ${e.path}`).sort()).toEqual(['bad-body body.extra', 'bad-body body.ids[1]']);
  expect(note.body.errors).toEqual([expect.objectContaining({ code: 'bad-body', path: 'body.note' })]);
  expect(bsn.body.errors).toEqual([expect.objectContaining({ code: 'bad-bsn', path: 'body.bsn' })]);
  expect(dkd.body.errors).toEqual([expect.objectContaining({ code: 'bad-query', path: 'query.hours' })]);
  expect(window.body.errors).toEqual([expect.objectContaining({ code: 'bad-query', path: 'query.window' })]);
});

it('answers the PGB API\'s schema faults as bad-parameter problems naming the parameter, an unknown export format as 404', async () => {
  const beheer = partnerClient(chain.certs, 'pgb-beheer');
  const limit = await beheer.get(chain.kp.url, '/v1/pgb/worklist?limit=0&klasse=geen');
  const id = await beheer.get(chain.kp.url, '/v1/pgb/worklist/not-a-uuid');
  const status = await beheer.send('POST', chain.kp.url, '/v1/pgb/worklist/00000000-0000-7000-8000-000000000000/status', { status: 'klaar', kleur: 'rood' });
  const days = await beheer.get(chain.kp.url, '/v1/pgb/chart?days=367');
  const format = await beheer.get(chain.kp.url, '/v1/pgb/worklist.pdf');
  const bsnForm = await beheer.send('POST', chain.kp.url, '/v1/pgb/worklist/search-by-bsn', { bsn: '12345' });
  const bsnElfproef = await beheer.send('POST', chain.kp.url, '/v1/pgb/worklist/search-by-bsn', { bsn: '123456789' });
  const withoutPd = await beheer.send('POST', chain.kp.url, '/v1/pgb/worklist/search-by-bsn', { bsn: '123456782' });
  await beheer.close();
  const pd = partnerClient(chain.certs, 'pgb-beheer-pd');
  const search = await pd.send('POST', chain.kp.url, '/v1/pgb/worklist/search-by-bsn', { bsn: '123456782' });
  await pd.close();
  problemMembers(bsnForm, 400);
  expect(bsnForm.body).toMatchObject({ code: 'bad-parameter', parameter: 'bsn', invalidParams: [{ name: 'bsn', code: 'pattern' }] });
  problemMembers(bsnElfproef, 400);
  expect(bsnElfproef.body).toMatchObject({ code: 'bad-bsn', parameter: 'bsn' });
  notRaw(bsnElfproef, '123456789');
  problemMembers(withoutPd, 403);
  expect(withoutPd.body.code).toBe('personal-data-required');
  expect(search.status).toBe(200);
  expect(search.body).toEqual({ items: [] });
  for (const res of [limit, id, status, days]) { problemMembers(res, 400); notRaw(res); expect(res.body.code).toBe('bad-parameter'); }
  expect(limit.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['klasse', 'limit']);
  expect(id.body).toMatchObject({ parameter: 'id', invalidParams: [{ name: 'id', code: 'pattern' }] });
  expect(status.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['kleur:unknownParam', 'status:enum']);
  expect(days.body).toMatchObject({ parameter: 'days', invalidParams: [{ name: 'days', code: 'maximum' }] });
  problemMembers(format, 404);
  expect(format.body.code).toBe('unknown-format');
});

it('answers the watchlist and DKD APIs\' schema faults with every finding at once, in Haal Centraal codes, the elfproef included', async () => {
  const subscriber = partnerClient(chain.certs, 'wsw-subscriber');
  const put = await subscriber.send('PUT', chain.kp.url, '/v1/brp/volgindicaties/999993654', { einddatum: '2025-02-30', referentie: '   ' });
  const vanaf = await subscriber.get(chain.kp.url, '/v1/brp/wijzigingen?vanaf=gisteren&sinds=1');
  const text = await subscriber.send('PUT', chain.kp.url, '/v1/brp/volgindicaties/999993655', 'einddatum=morgen', { 'content-type': 'text/plain' });
  await subscriber.close();
  problemMembers(put, 400);
  notRaw(put, '999993654');
  expect(put.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['burgerservicenummer:elfproef', 'einddatum:date', 'referentie:pattern']);
  problemMembers(vanaf, 400);
  expect(vanaf.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['sinds:unknownParam', 'vanaf:date']);
  problemMembers(text, 415);

  const gemeente = partnerClient(chain.certs, 'gemeente-0384');
  const klantbeeld = await gemeente.send('POST', chain.kp.url, '/v1/dkd/klantbeeld', { burgerservicenummer: '123456789', doelbinding: 'twee woorden', maxDuurMs: 5, periode: {} });
  const uwv = await gemeente.send('POST', chain.kp.url, '/v1/dkd/UWVDossierInkomstenGSD', { burgerservicenummer: '123456782', doelbinding: 'Participatiewet', periode: { van: '2024-13-01' } });
  const missing = await gemeente.send('POST', chain.kp.url, '/v1/dkd/BRPDossierPersoonGSD', {});
  await gemeente.close();
  problemMembers(klantbeeld, 400);
  notRaw(klantbeeld, '123456789');
  expect(klantbeeld.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort())
    .toEqual(['burgerservicenummer:elfproef', 'doelbinding:pattern', 'maxDuurMs:minimum', 'periode:unknownParam']);
  expect(uwv.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['periode.tot:required', 'periode.van:date']);
  expect(missing.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['burgerservicenummer:required', 'doelbinding:required']);
});
