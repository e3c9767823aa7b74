// Issue 9, watchlists, over the real stack (mTLS, RabbitMQ, the test database): the volgindicatie status a
// subscriber sees is its own; alert dedup on the mutation's identity, not its bytes; the classifier's reason
// in the message history; a PL afgevoerd (Ng01) ends the subscriber's volgindicatie visibly; a refused LO3
// message is logged, without content, with its id. A second subscriber partner is added to the dev registry.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { classifyMutation } from '../../../adapters/brp/classify/index.ts';
import { parseLo3, serializeLo3, type Lo3Bericht } from '../../../adapters/brp/lo3/index.ts';
import { auditFeature } from '../../../audit/index.ts';
import { ensureDevCerts, type DevCertFiles } from '../../../certs-dev/generate.ts';
import { loadPartners } from '../../../config/partners.ts';
import { settingsFromEnv } from '../../../config/settings.ts';
import { PartnerEndpoint } from '../../../demo/partner-endpoint.ts';
import { startKetenpoort, type Ketenpoort } from '../../../ketenpoort.ts';
import { createLogger } from '../../../observability/logger.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { amsterdamDate } from '../../../subscriptions/dates.ts';
import { subscriptionsFeature } from '../../../subscriptions/feature.ts';
import { DEV_PARTNERS_FILE } from '../../support/certs.ts';
import { CORPUS } from '../../support/corpus.ts';
import { freshDatabase, rawQuery } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, testEnv } from '../../support/gateway.ts';
import { installResponseCheck } from '../../support/openapi-check.ts';
import { watchlistClient } from './watchlist-client.ts';

const lo3 = (dir: string, name: string) => readFileSync(path.join(CORPUS, 'brp', 'lo3', dir, name));
const GV01_OVERLIJDEN = lo3('synthetic', 'gv01-overlijden.GBA'); // A-nummer 9990000018
const GV02 = lo3('rvig-berichten-api', 'Gv02.GBA');
const NG01 = lo3('rvig-berichten-api', 'Ng01.GBA');
const NG01_ANUMMER = classifyMutation(parseLo3(NG01).bericht).persoon.anummer!;
const SECOND = { name: 'wsw-tweede', oin: '00000003123456790000' };

const P_WATCHED = { bsn: '999993653', anummer: '9990000018' };
const P_FRESH = '999990457';
const P_NG01 = '999992806';
const PERSONAL = [P_WATCHED.bsn, P_WATCHED.anummer, P_FRESH, P_NG01, NG01_ANUMMER, '8478102473'];

const logs: string[] = [];
let kp: Ketenpoort;
let certs: DevCertFiles;
let endpoints: Record<string, PartnerEndpoint>;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;
let first: ReturnType<typeof watchlistClient>;
let second: ReturnType<typeof watchlistClient>;
let gbav: ReturnType<typeof watchlistClient>;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-privacy-'));
  const devPartners = loadPartners(DEV_PARTNERS_FILE).partners.map((p) => ({ name: p.name, oin: p.oin }));
  certs = await ensureDevCerts({ outDir: path.join(dir, 'certs'), partners: [...devPartners, SECOND] });
  const ca = readFileSync(certs.caCert);
  endpoints = {};
  for (const name of ['gbav', 'wsw-subscriber', SECOND.name]) {
    endpoints[name] = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca, behaviour: () => ({ status: 200 }) }).start();
  }
  const doc = parse(readFileSync(DEV_PARTNERS_FILE, 'utf8')) as { partners: Array<Record<string, any>> };
  const subscriber = structuredClone(doc.partners.find((p) => p.name === 'wsw-subscriber')!);
  doc.partners.push({ ...subscriber, name: SECOND.name, oin: SECOND.oin });
  for (const p of doc.partners) {
    p.ca = certs.caCert;
    if (p.delivery) Object.assign(p.delivery, { url: endpoints[p.name]?.url ?? 'https://127.0.0.1:1/nowhere', serverCa: certs.caCert });
  }
  const partnersFile = path.join(dir, 'partners.yaml');
  writeFileSync(partnersFile, stringify(doc));
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  const env = { ...testEnv(certs, partnersFile, db, prefix), KP_BRP_SYNC_INTERVAL_MS: '500', KP_BRP_RETENTION_DAYS: '0' };
  const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } }) });
  kp = await startKetenpoort(settingsFromEnv(env), env, { logger, onGateway: installResponseCheck, features: [auditFeature, subscriptionsFeature] });
  await kp.broker.whenUp(15_000);
  first = watchlistClient(certs, 'wsw-subscriber', kp.url);
  second = watchlistClient(certs, SECOND.name, kp.url);
  gbav = watchlistClient(certs, 'gbav', kp.url);
}, 120_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
  await gbav?.close();
  await kp?.close();
  await Promise.all(Object.values(endpoints ?? {}).map((e) => e.stop()));
  if (kp) await deleteTopology(AMQP_URL, prefix, kp.destinations, TEST_RETRY_TIERS);
  await db?.cleanup();
  expect(logs.filter((line) => PERSONAL.some((v) => line.includes(v)))).toEqual([]);
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sendLo3(body: Buffer, headers: Record<string, string> = {}) {
  const res = await gbav.send(body, headers);
  return res;
}

async function delivered(id: string) {
  return until(`${id} delivered`, async () => {
    const events = await kp.store.events(id);
    return events.some((e) => e.type === 'delivered') ? events : undefined;
  });
}

async function place(bsn: string, anummer: string) {
  const ag01 = serializeLo3({ berichtType: 'Ag01', status: 'A', datum: '00000000', plData: { c01: [{ e0110: anummer, e0120: bsn }] } } as Lo3Bericht);
  const res = await sendLo3(ag01);
  expect(res.status).toBe(202);
  await delivered(res.body.id);
}

const alertsOf = (name: string) => [...endpoints[name]!.received.values()];

describe('the status a subscriber sees is its own', () => {
  it("answers a second subscriber on an already placed person exactly as a first one, and shows 'geplaatst' only later, at the sync", async () => {
    const put1 = await first.put(P_WATCHED.bsn, { referentie: 'EEN-1' });
    expect(put1.status).toBe(201);
    expect(put1.body.status).toBe('aangevraagd');
    await place(P_WATCHED.bsn, P_WATCHED.anummer);
    await until('first placed', async () => (await first.get(P_WATCHED.bsn)).body.status === 'geplaatst');

    // The second subscriber: on the person already placed, and on a person nobody watches.
    const onWatched = await second.put(P_WATCHED.bsn, { referentie: 'TWEE-1' });
    const onFresh = await second.put(P_FRESH, { referentie: 'TWEE-2' });
    expect([onWatched.status, onFresh.status]).toEqual([201, 201]);
    expect(onWatched.body.status).toBe('aangevraagd');
    expect(onFresh.body.status).toBe('aangevraagd');
    const { burgerservicenummer: _a, referentie: _ra, ...watchedRest } = onWatched.body;
    const { burgerservicenummer: _b, referentie: _rb, ...freshRest } = onFresh.body;
    expect(watchedRest).toEqual(freshRest);
    // The sync (every 500 ms here) may place the second's indicatie at any moment, so what the read shows is
    // judged against the second's own rows, read before and after it: while none is placed, it must show
    // 'aangevraagd' (its own), never the first subscriber's 'geplaatst'.
    const placedOfSecond = async () => Number((await rawQuery(db, `select count(*) as n from volgindicaties where subscriber = '${SECOND.name}' and status = 'geplaatst'`))[0]!.n);
    const placedBefore = await placedOfSecond();
    const shown = (await second.get(P_WATCHED.bsn)).body.status;
    const placedAfter = await placedOfSecond();
    if (placedAfter === 0) expect(shown).toBe('aangevraagd');
    else expect(placedBefore === 0 ? ['aangevraagd', 'geplaatst'] : ['geplaatst']).toContain(shown);

    // Its own placement: the sync shows the already placed indicatie as its own, later; the fresh one waits for its Ag01.
    await until('second shown placed', async () => (await second.get(P_WATCHED.bsn)).body.status === 'geplaatst', 10_000);
    expect((await second.get(P_FRESH)).body.status).toBe('aangevraagd');
    // One Ap01 per person, none for the second subscriber on the watched one.
    const ap01s = [...endpoints.gbav!.received.values()].filter((r) => r.type === 'Ap01');
    expect(ap01s).toHaveLength(2);
  });
});

describe('alert dedup on the mutation, not its bytes', () => {
  it('alerts once for the same Gv01 resent with another random key and another element order', async () => {
    const original = await sendLo3(GV01_OVERLIJDEN);
    expect(original.status).toBe(202);
    await delivered(original.body.id);
    await until('alerts to both', () => alertsOf('wsw-subscriber').length === 1 && alertsOf(SECOND.name).length === 1);

    const otherKey = Buffer.from(GV01_OVERLIJDEN);
    otherKey.write('12345678', 0, 'latin1');
    const parsed = parseLo3(GV01_OVERLIJDEN).bericht as Lo3Bericht & { plData: Record<string, Array<Record<string, unknown>>> };
    for (const cat of Object.values(parsed.plData)) for (let i = 0; i < cat.length; i++) cat[i] = Object.fromEntries(Object.entries(cat[i]!).reverse());
    const reordered = serializeLo3(parsed);
    expect(reordered.equals(GV01_OVERLIJDEN)).toBe(false);
    for (const body of [otherKey, reordered]) {
      const res = await sendLo3(body);
      expect(res.status).toBe(202);
      expect(res.body.duplicate).toBeUndefined(); // a new message: other bytes
      await delivered(res.body.id);
    }
    // Counted at the receivers, before any deduplication of theirs.
    await new Promise((r) => setTimeout(r, 500));
    expect(alertsOf('wsw-subscriber')).toHaveLength(1);
    expect(alertsOf(SECOND.name)).toHaveLength(1);
    expect(endpoints['wsw-subscriber']!.duplicateRequests).toBe(0);
  });
});

describe("the classifier's reason in the message history", () => {
  it('records why a Gv02 raised no alert, and what a Gv01 raised', async () => {
    const gv02 = await sendLo3(GV02);
    const events = await delivered(gv02.body.id);
    const classified = events.find((e) => e.type === 'brp-classified');
    expect(classified?.detail).toMatchObject({ events: [], alert: false, genegeerd: [expect.objectContaining({ reden: 'gv02' })] });
    const gv01 = [...(await kp.store.tables<object>().selectFrom('messages').select('id').where('type', '=', 'Gv01').execute())][0]!;
    const gv01Events = await kp.store.events(gv01.id);
    expect(gv01Events.find((e) => e.type === 'brp-classified')?.detail).toMatchObject({ events: ['overleden'] });
    for (const e of [...events, ...gv01Events]) for (const v of PERSONAL) expect(JSON.stringify(e.detail ?? {})).not.toContain(v);
  });
});

describe('PL afgevoerd (Ng01)', () => {
  it('alerts, then shows the subscriber its volgindicatie ended with reden pl-afgevoerd; a new PUT asks GBA-V again', async () => {
    expect((await first.put(P_NG01, { referentie: 'EEN-NG' })).status).toBe(201);
    await place(P_NG01, NG01_ANUMMER);
    await until('placed', async () => (await first.get(P_NG01)).body.status === 'geplaatst');
    const before = alertsOf('wsw-subscriber').length;
    const ng01 = await sendLo3(NG01);
    expect(ng01.status).toBe(202);
    await delivered(ng01.body.id);
    await until('pl-afgevoerd alert', () => alertsOf('wsw-subscriber').length === before + 1);
    const alert = JSON.parse(alertsOf('wsw-subscriber').at(-1)!.body.toString('utf8'));
    expect(alert.type).toBe('nl.ketenpoort.brp.pl-afgevoerd');

    const view = await first.get(P_NG01);
    expect(view.body).toMatchObject({ status: 'beeindigd', einddatum: amsterdamDate(Date.now()), reden: { code: 'pl-afgevoerd' } });
    expect((await first.list()).body.volgindicaties.map((v: { referentie?: string }) => v.referentie)).not.toContain('EEN-NG');

    const ap01sBefore = [...endpoints.gbav!.received.values()].filter((r) => r.type === 'Ap01').length;
    const again = await first.put(P_NG01, { referentie: 'EEN-NG' });
    expect(again.body.status).toBe('aangevraagd');
    await until('a new Ap01', () => [...endpoints.gbav!.received.values()].filter((r) => r.type === 'Ap01').length === ap01sBefore + 1);
  });
});

describe('a refused LO3 message', () => {
  it('is logged with the id it is kept under, and without its content', async () => {
    const broken = GV01_OVERLIJDEN.subarray(0, GV01_OVERLIJDEN.length - 7);
    const res = await sendLo3(broken);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toMatch(/^lo3-/);
    const line = await until('the log line', () => logs.find((l) => l.includes('refused message kept') && l.includes('"partner":"gbav"')));
    const entry = JSON.parse(line) as { messageId: string; reason: string; size: number };
    expect(entry.reason).toBe(res.body.errors[0].code);
    expect(entry.size).toBe(broken.length);
    expect(await kp.store.getMeta(entry.messageId)).toMatchObject({ status: 'dead', reason: entry.reason, senderPartner: 'gbav' });
    expect(line).not.toContain(P_WATCHED.anummer);
    expect(line).not.toContain(broken.toString('latin1', 12, 40));
  });
});
