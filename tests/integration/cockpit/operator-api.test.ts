// Done-when #3 and the rest of the operator API: role checks, personal data behind the permission with every
// view (and every refused attempt) audited, search with cursor paging, dead letters by reason, hold,
// edit-and-replay, purge, a refused message, single replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature, AuditLog } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { opsClient, until } from './ops-client.ts';

const PARTNER = 'aanbieder-42420001';
let failing = true;
let chain: TestChain;
let op: ReturnType<typeof opsClient>;
let pd: ReturnType<typeof opsClient>;
let audit: AuditLog;

beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature],
    endpoints: { [PARTNER]: () => ({ status: failing ? 400 : 200 }) },
    delivery: { maxAttempts: 3, backoffBaseMs: 50, backoffMaxMs: 200 },
  });
  op = opsClient(chain.certs, 'operator', chain.kp.url);
  pd = opsClient(chain.certs, 'operator-pd', chain.kp.url);
  audit = new AuditLog(chain.kp.store);
});

afterAll(async () => {
  await op?.close();
  await pd?.close();
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

async function send(body: Buffer, from = 'gemeente-0384'): Promise<{ status: number; body: any }> {
  const client = partnerClient(chain.certs, from);
  const res = await client.post(chain.kp.url, body);
  await client.close();
  return res;
}

async function deadOne(n: number): Promise<{ id: string; body: Buffer }> {
  const body = uniqueWmo301(n);
  const res = await send(body);
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  await until(`message ${id} dead`, 20_000, async () => ((await chain.kp.store.getMeta(id))?.status === 'dead' ? true : undefined));
  return { id, body };
}

const bsnOf = (body: Buffer): string => /<wmo301:Bsn>(\d{9})</.exec(body.toString('utf8'))![1]!;

describe('operator API access', () => {
  it('refuses a partner that is not an operator', async () => {
    const gemeente = opsClient(chain.certs, 'gemeente-0384', chain.kp.url);
    const res = await gemeente.get('/v1/ops/messages');
    await gemeente.close();
    expect(res.status).toBe(403);
    expect(res.body.errors[0].code).toBe('not-authorised');
  });

  it('names a malformed query parameter', async () => {
    const res = await op.get('/v1/ops/messages?from=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: 'bad-query', path: 'query.from' });
    const cursor = await op.get('/v1/ops/dead?cursor=bm9wZQ');
    expect(cursor.body.errors[0]).toMatchObject({ code: 'bad-query', path: 'query.cursor' });
  });
});

describe('personal data (Done-when #3)', () => {
  it('gives 403 on payload and BSN search without the permission, audits every permitted view with who, what and when', async () => {
    const { id, body } = await deadOne(1);
    const bsn = bsnOf(body);

    const detail = await op.get(`/v1/ops/messages/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.payloadViewable).toBe(false);
    expect(JSON.stringify(detail.body).includes(bsn)).toBe(false);

    const payloadDenied = await op.get(`/v1/ops/messages/${id}/payload`);
    expect(payloadDenied.status).toBe(403);
    expect(payloadDenied.body.errors[0].code).toBe('personal-data-required');
    const bsnDenied = await op.post('/v1/ops/messages/search-by-bsn', { bsn });
    expect(bsnDenied.status).toBe(403);
    expect(bsnDenied.body.errors[0].code).toBe('personal-data-required');
    expect(JSON.stringify(bsnDenied.body).includes(bsn)).toBe(false);

    const t0 = Date.now();
    const payload = await pd.get(`/v1/ops/messages/${id}/payload`);
    expect(payload.status).toBe(200);
    expect(payload.headers['cache-control']).toBe('no-store');
    expect(payload.body).toMatchObject({ id, encoding: 'utf8', size: body.length });
    expect(payload.body.payload === body.toString('utf8')).toBe(true);
    const found = await pd.post('/v1/ops/messages/search-by-bsn', { bsn });
    expect(found.status).toBe(200);
    expect(found.body.items.map((m: { id: string }) => m.id)).toContain(id);
    const t1 = Date.now();

    const records = await audit.list({});
    const views = records.filter((r) => r.actor === 'operator-pd');
    expect(views.map((r) => r.action)).toEqual(['payload.view', 'bsn.search']);
    for (const r of views) {
      expect(r.actorOin).toBe('00000001000000000098');
      expect(r.personalData).toBe(true);
      expect(r.at.getTime()).toBeGreaterThanOrEqual(t0 - 5);
      expect(r.at.getTime()).toBeLessThanOrEqual(t1 + 5);
    }
    expect(views[0]).toMatchObject({ subjectType: 'message', subject: id });
    expect(views[1]).toMatchObject({ subjectType: 'bsn-hash', subject: chain.kp.store.bsnHash(bsn) });
    // The refused attempts are on record too, as not disclosing anything.
    const denied = records.filter((r) => r.actor === 'operator');
    expect(denied.map((r) => [r.action, r.personalData])).toEqual([['payload.view.denied', false], ['bsn.search.denied', false]]);
    expect(JSON.stringify(records).includes(bsn)).toBe(false);

    const bad = await pd.post('/v1/ops/messages/search-by-bsn', { bsn: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('bad-bsn');
  });
});

describe('search and dead letters', () => {
  it('pages a search with an opaque cursor, newest first, without overlap', async () => {
    for (let n = 2; n <= 6; n++) await deadOne(n);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/ops/messages?sender=gemeente-0384&destination=${PARTNER}&type=WMO301&status=dead&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await op.get(q);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen); // uuidv7: newest first
    const none = await op.get(`/v1/ops/messages?partner=${PARTNER}&to=2000-01-01T00:00:00Z`);
    expect(none.body.items).toEqual([]);
    const byId = await op.get(`/v1/ops/messages?id=${seen[0]}`);
    expect(byId.body.items.map((m: { id: string }) => m.id)).toEqual([seen[0]]);
  });

  it('groups dead letters by reason with counts, oldest and newest, and shows the attempt history', async () => {
    const summary = await op.get('/v1/ops/dead/summary');
    const group = summary.body.groups.find((g: { reason: string }) => g.reason === 'http-400');
    expect(group).toMatchObject({ kind: 'delivery', partners: [{ name: PARTNER, count: group.count }] });
    expect(group.count).toBeGreaterThanOrEqual(6);
    expect(Date.parse(group.oldest)).toBeLessThanOrEqual(Date.parse(group.newest));

    const list = await op.get('/v1/ops/dead?reason=http-400&limit=4');
    expect(list.body.items).toHaveLength(4);
    const next = await op.get(`/v1/ops/dead?reason=http-400&limit=4&cursor=${list.body.nextCursor}`);
    const keys = [...list.body.items, ...next.body.items].map((d: { key: string }) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    const first = list.body.items[0];
    expect(first).toMatchObject({ kind: 'delivery', destination: PARTNER, reason: 'http-400', attempts: 1, lastHttpStatus: 400, held: false });
    expect(first.key).toBe(`${first.messageId}/${PARTNER}`);

    const detail = await op.get(`/v1/ops/dead/${first.messageId}`);
    expect(detail.body.attempts).toEqual([expect.objectContaining({ destination: PARTNER, attempt: 1, outcome: 'dead', httpStatus: 400 })]);
    expect(detail.body.deadLetters.map((d: { key: string }) => d.key)).toEqual([first.key]);
  });

  it('leaves a held dead letter out of replays until it is released', async () => {
    const { id } = await deadOne(7);
    const held = await op.post(`/v1/ops/dead/${id}/hold`, { note: 'waiting for the municipality' });
    expect(held.body).toEqual({ held: [`${id}/${PARTNER}`] });
    const dry = await op.post('/v1/ops/dead/replay', { filter: { reason: 'http-400' }, dryRun: true });
    expect(dry.body.skipped.held).toBe(1);
    expect(dry.body.replayable).toBe(dry.body.matched - 1);
    const one = await op.post(`/v1/ops/dead/${id}/replay`);
    expect(one.status).toBe(409);
    expect(one.body.errors[0].code).toBe('dead-letter-held');
    expect((await op.get('/v1/ops/dead?held=true')).body.items.map((d: { messageId: string }) => d.messageId)).toEqual([id]);
    const released = await op.delete(`/v1/ops/dead/${id}/hold`);
    expect(released.body).toEqual({ released: [`${id}/${PARTNER}`] });
    const actions = (await audit.list({ subject: id })).map((r) => r.action);
    expect(actions).toEqual(['dead.hold', 'dead.release']);
  });

  it('stops a slow replay job when cancelled, and lists it', async () => {
    const res = await op.post('/v1/ops/dead/replay', { filter: { reason: 'http-400' }, ratePerSecond: 1 });
    expect(res.status).toBe(202);
    const { job } = res.body;
    expect(job.total).toBeGreaterThanOrEqual(6);
    const cancelled = await op.post(`/v1/ops/replays/${job.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job.state).toBe('cancelled');
    expect(cancelled.body.job.processed).toBeLessThan(job.total);
    expect((await op.get('/v1/ops/replays')).body.items[0]).toMatchObject({ id: job.id, state: 'cancelled', by: { partner: 'operator' } });
    expect((await op.get('/v1/ops/replays/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await audit.list({ subject: job.id })).map((r) => r.action)).toEqual(['dead.replay', 'dead.replay.cancel']);
  });

  it('shows the dashboard: flow, statuses, queues, dead letters by reason, partner health', async () => {
    const res = await op.get('/v1/ops/dashboard');
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.statuses.dead).toBeGreaterThanOrEqual(6);
    const hour = d.flow.find((f: { window: string; family: string; partner: string }) => f.window === '1h' && f.partner === 'gemeente-0384' && f.family !== 'unknown');
    expect(hour.received).toBeGreaterThanOrEqual(7);
    expect(hour.dead).toBeGreaterThanOrEqual(6);
    expect(d.flow.some((f: { window: string }) => f.window === '24h')).toBe(true);
    expect(d.queues.find((q: { destination: string }) => q.destination === PARTNER).depth).toEqual(expect.any(Number));
    expect(d.queues.find((q: { destination: string }) => q.destination === 'router')).toBeUndefined(); // the router hop is gone (issue 10)
    expect(d.dead.groups.map((g: { reason: string }) => g.reason)).toContain('http-400');
    const partner = d.partners.find((p: { name: string }) => p.name === PARTNER);
    expect(partner).toMatchObject({ role: 'aanbieder', failing: true, endpoint: expect.stringMatching(/^https:/) });
    expect(partner.deliveries.dead).toBeGreaterThanOrEqual(1);
    expect(partner.certificates.map((c: { use: string }) => c.use)).toEqual(['client-ca', 'server-ca']);
    expect(partner.certificates.every((c: { daysLeft: number; expiresWithin30Days: boolean }) => c.daysLeft > 30 && !c.expiresWithin30Days)).toBe(true);
    const gateway = d.partners.find((p: { name: string }) => p.name === 'ketenpoort');
    expect(gateway.certificates.map((c: { use: string }) => c.use)).toEqual(['gateway-server', 'gateway-client']);
    const operators = d.partners.filter((p: { role: string }) => p.role === 'operator');
    expect(operators.every((p: { failing: boolean }) => !p.failing)).toBe(true);
    expect((await op.get('/v1/ops/partners')).body.items).toHaveLength(d.partners.length);
  });

  it('replays one dead letter with the same message id once the partner recovers', async () => {
    const { id } = await deadOne(8);
    failing = false;
    try {
      const res = await op.post(`/v1/ops/dead/${id}/replay`);
      expect(res.status).toBe(200);
      expect(res.body.replayed).toEqual([{ key: `${id}/${PARTNER}`, kind: 'delivery', outcome: 'replayed' }]);
      await chain.endpoints[PARTNER]!.waitFor(1, 15_000);
      expect(chain.endpoints[PARTNER]!.received.has(id)).toBe(true);
      await until('delivered', 10_000, async () => ((await chain.kp.store.getMeta(id))?.status === 'delivered' ? true : undefined));
      const again = await op.post(`/v1/ops/dead/${id}/replay`);
      expect(again.status).toBe(404);
      expect(again.body.errors[0].code).toBe('dead-letter-not-found');
    } finally {
      failing = true;
    }
  });
});

describe('edit-and-replay', () => {
  it('sends the edited payload in as a new message linked to the original, keeps both, audits the edit without the payload', async () => {
    const { id, body } = await deadOne(9);
    const edited = uniqueWmo301(90_009).toString('utf8');

    const denied = await op.post(`/v1/ops/dead/${id}/edit`, { payload: edited });
    expect(denied.status).toBe(403);
    const unchanged = await pd.post(`/v1/ops/dead/${id}/edit`, { payload: body.toString('utf8') });
    expect(unchanged.status).toBe(409);
    expect(unchanged.body.errors[0].code).toBe('edit-unchanged');

    failing = false;
    try {
      const res = await pd.post(`/v1/ops/dead/${id}/edit`, { payload: edited });
      expect(res.status).toBe(202);
      const copy = res.body.message;
      expect(copy).toMatchObject({ parentId: id, relation: 'edit-of', sender: { partner: 'gemeente-0384' }, type: 'WMO301' });
      expect(copy.id).not.toBe(id);
      await until('the edit delivered', 15_000, async () => (chain.endpoints[PARTNER]!.received.has(copy.id) ? true : undefined));

      const original = (await op.get(`/v1/ops/messages/${id}`)).body;
      expect(original.message.status).toBe('dead');
      expect(original.deadLetters).toEqual([]);
      expect(original.children.map((c: { id: string; relation: string }) => [c.id, c.relation])).toEqual([[copy.id, 'edit-of']]);
      expect(original.events.at(-1)).toMatchObject({ type: 'edited', detail: { by: 'operator-pd', newMessageId: copy.id } });
      expect((await op.get(`/v1/ops/messages/${copy.id}`)).body.parent.id).toBe(id);

      const records = await audit.list({ action: 'message.edit' });
      const accepted = records.find((r) => r.detail?.outcome === 'accepted')!;
      expect(accepted).toMatchObject({ actor: 'operator-pd', actorOin: '00000001000000000098', subjectType: 'message', subject: id, personalData: true });
      expect(accepted.detail).toMatchObject({ newMessageId: copy.id, newSize: Buffer.byteLength(edited) });
      expect(JSON.stringify(records)).not.toContain('<iwmo:');
    } finally {
      failing = true;
    }
  });
});

describe('purge', () => {
  it('erases the payload and BSN index, keeps metadata and the dedup key', async () => {
    const { id, body } = await deadOne(10);
    const dry = await op.post('/v1/ops/dead/purge', { ids: [id], dryRun: true });
    expect(dry.body).toMatchObject({ dryRun: true, matched: 1, purged: 0 });
    const res = await op.post('/v1/ops/dead/purge', { ids: [id] });
    expect(res.body).toMatchObject({ dryRun: false, matched: 1, purged: 1 });

    const gone = await pd.get(`/v1/ops/messages/${id}/payload`);
    expect(gone.status).toBe(410);
    expect(gone.body.errors[0].code).toBe('payload-purged');
    const search = await pd.post('/v1/ops/messages/search-by-bsn', { bsn: bsnOf(body) });
    expect(search.body.items.map((m: { id: string }) => m.id)).not.toContain(id);
    const meta = (await op.get(`/v1/ops/messages/${id}`)).body;
    expect(meta.message).toMatchObject({ id, purged: true, status: 'dead', size: body.length });
    expect(meta.deadLetters).toEqual([]);
    expect(meta.events.at(-1)).toMatchObject({ type: 'purged', detail: { by: 'operator' } });

    // The same message sent again is still recognised: the partner never gets it a second time.
    const resend = await send(body);
    expect(resend.status).toBe(202);
    expect(resend.body).toMatchObject({ id, duplicate: true });
    expect((await audit.list({ action: 'dead.purge' })).map((r) => r.subject)).toEqual([id]);
  });
});

describe('messages refused at ingest', () => {
  it('lists them under their reason and replays them through ingest as the original sender', async () => {
    const broken = Buffer.from(uniqueWmo301(11).toString('utf8').replace(/<wmo301:Bsn>/, '<wmo301:Bsnx>').replace(/<\/wmo301:Bsn>/, '</wmo301:Bsnx>'));
    const res = await send(broken);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const refused = await until('the refused message listed', 10_000, async () => {
      const list = await op.get('/v1/ops/dead?kind=refused');
      return list.body.items[0];
    });
    expect(refused).toMatchObject({ kind: 'refused', destination: null, sender: { partner: 'gemeente-0384' }, attempts: 0 });
    expect(refused.key).toBe(refused.messageId);
    const summary = await op.get('/v1/ops/dead/summary?kind=refused');
    expect(summary.body.groups).toEqual([expect.objectContaining({ kind: 'refused', reason: refused.reason, count: 1, partners: [{ name: 'gemeente-0384', count: 1 }] })]);
    const detail = await op.get(`/v1/ops/dead/${refused.messageId}`);
    expect(detail.body.refusal.reason).toBe(refused.reason);
    expect(detail.body.refusal.errors.length).toBeGreaterThan(0);

    // Nothing was mended, so it is refused again: kept anew, the original leaves the list.
    const replay = await op.post(`/v1/ops/dead/${refused.messageId}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.replayed).toEqual([expect.objectContaining({ key: refused.messageId, kind: 'refused', outcome: 'refused', reason: refused.reason })]);
    const after = await until('the new refused copy', 10_000, async () => {
      const list = (await op.get('/v1/ops/dead?kind=refused')).body.items;
      return list.length === 1 && list[0].messageId !== refused.messageId ? list : undefined;
    });
    expect(after[0].reason).toBe(refused.reason);
  });
});
