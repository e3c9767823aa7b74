// Issue #4, Done-when 3 and 4, end to end over mutual TLS with real RabbitMQ and the test database:
// a subscriber puts volgindicaties → Ap01s reach the GBA-V stand-in → Ag01s come back → a Gv01 overlijden
// gives exactly one CloudEvent (reference, date of death, no BSN) → a Gv02 gives nothing → ending the
// volgindicatie sends an Av01. Every answer of the volgindicaties and wijzigingen endpoints is checked
// against the Haal Centraal BRP Update API OpenAPI in the corpus.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLo3, serializeLo3 } from '../../../adapters/brp/lo3/index.ts';
import { AuditLog, auditFeature } from '../../../audit/index.ts';
import { amsterdamDate } from '../../../subscriptions/dates.ts';
import { subscriptionsFeature } from '../../../subscriptions/feature.ts';
import { purgePayloads } from '../../../subscriptions/retention.ts';
import { Volgindicaties } from '../../../subscriptions/volgindicaties.ts';
import { CORPUS } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';
import { OpenApiDocument } from '../../unit/subscriptions/support/openapi-validator.ts';
import { watchlistClient } from './watchlist-client.ts';

const lo3 = (dir: string, name: string) => readFileSync(path.join(CORPUS, 'brp', 'lo3', dir, name));
const GV01_OVERLIJDEN = lo3('synthetic', 'gv01-overlijden.GBA'); // A-nummer 9990000018, died 2025-09-01
const GV02 = lo3('rvig-berichten-api', 'Gv02.GBA');               // A-nummer 8478102473, municipal merger

// Three persons (11-proef BSNs of the RvIG test set); the A-nummers are those the corpus messages carry.
const PERSONS = [
  { bsn: '999993653', anummer: '9990000018', referentie: 'WL-0001' },
  { bsn: '999990457', anummer: '8478102473', referentie: 'WL-0002' },
  { bsn: '999992806', anummer: '7165798219', referentie: 'WL-0003' },
] as const;
const PERSONAL = [...PERSONS.flatMap((p) => [p.bsn, p.anummer]), '999991188', '2929292929', '7824352058', '000009945', '999994220', '555555021'];

const api = new OpenApiDocument();
let chain: TestChain;
let subscriber: ReturnType<typeof watchlistClient>;
let gbav: ReturnType<typeof watchlistClient>;

function conforms(specPath: string, method: 'get' | 'put', res: { status: number; contentType: string | undefined; body: unknown }) {
  expect(api.checkResponse({ path: specPath, method, status: res.status, contentType: res.contentType, body: res.body })).toEqual([]);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Alert messages in the store (whether delivered yet or not), optionally those raised by one mutation. */
async function storedAlerts(parentId?: string): Promise<string[]> {
  let q = chain.kp.store.tables<object>().selectFrom('messages').select('id').where('family', '=', 'brp-alert');
  if (parentId !== undefined) q = q.where('parent_id', '=', parentId);
  return (await q.execute()).map((r) => r.id);
}

const receivedOf = (name: string) => [...chain.endpoints[name]!.received.values()];
const lo3Received = (type: string) => receivedOf('gbav').filter((r) => r.type === type).map((r) => parseLo3(r.body).bericht);

beforeAll(async () => {
  chain = await startTestChain({
    endpoints: { gbav: () => ({ status: 200 }), 'wsw-subscriber': () => ({ status: 200 }) },
    features: [auditFeature, subscriptionsFeature],
    env: { KP_BRP_SYNC_INTERVAL_MS: '0', KP_BRP_RETENTION_DAYS: '0' },
  });
  subscriber = watchlistClient(chain.certs, 'wsw-subscriber', chain.kp.url);
  gbav = watchlistClient(chain.certs, 'gbav', chain.kp.url);
});

afterAll(async () => {
  await subscriber?.close();
  await gbav?.close();
  await chain?.close();
  expect(capturedLogs.filter((line) => PERSONAL.some((v) => line.includes(v)))).toEqual([]);
});

describe('watchlist → afnemersindicaties → alerts (Done-when 3)', () => {
  it('sends an Ap01 to GBA-V for each new volgindicatie; the answers validate against the Update API', async () => {
    for (const p of PERSONS) {
      const res = await subscriber.put(p.bsn, { referentie: p.referentie });
      expect(res.status).toBe(201);
      conforms('/volgindicaties/{burgerservicenummer}', 'put', res);
      expect(res.body).toEqual({ burgerservicenummer: p.bsn, begindatum: amsterdamDate(), referentie: p.referentie, status: 'aangevraagd' });
    }
    await chain.endpoints.gbav!.waitFor(3, 20_000);
    const ap01s = lo3Received('Ap01');
    expect(ap01s.map((b) => (b.berichtType === 'Ap01' ? b.plData.c01?.[0]?.e0120 : undefined)).sort()).toEqual(PERSONS.map((p) => p.bsn).sort());

    // Putting one again changes it (200) and sends no second Ap01.
    const again = await subscriber.put(PERSONS[0].bsn, { referentie: PERSONS[0].referentie });
    expect(again.status).toBe(200);
    conforms('/volgindicaties/{burgerservicenummer}', 'put', again);
  });

  it('marks them placed when GBA-V answers each with an Ag01', async () => {
    for (const p of PERSONS) {
      const ag01 = serializeLo3({ berichtType: 'Ag01', status: 'A', datum: '00000000', plData: { c01: [{ e0110: p.anummer, e0120: p.bsn }] } });
      const res = await gbav.send(ag01);
      expect(res.status).toBe(202);
      expect(res.body.type).toBe('Ag01');
    }
    const list = await until('all placed', async () => {
      const res = await subscriber.list();
      return res.body.volgindicaties.every((v: { status: string }) => v.status === 'geplaatst') ? res : undefined;
    });
    expect(list.status).toBe(200);
    conforms('/volgindicaties', 'get', list);
    expect(list.body.volgindicaties.map((v: { referentie: string }) => v.referentie).sort()).toEqual(PERSONS.map((p) => p.referentie));
    const one = await subscriber.get(PERSONS[1].bsn);
    conforms('/volgindicaties/{burgerservicenummer}', 'get', one);
    expect(one.body.status).toBe('geplaatst');
    expect(lo3Received('Ap01')).toHaveLength(3);
  });

  it('sends exactly one CloudEvent for a Gv01 overlijden: reference and date of death, no BSN', async () => {
    const res = await gbav.send(GV01_OVERLIJDEN);
    expect(res.status).toBe(202);
    await chain.endpoints['wsw-subscriber']!.waitFor(1, 20_000);
    await untilEvent(chain, res.body.id, 'delivered', 20_000);
    const [alert, ...more] = receivedOf('wsw-subscriber');
    expect(more).toEqual([]);
    const text = alert!.body.toString('utf8');
    const ce = JSON.parse(text);
    expect(ce).toMatchObject({
      specversion: '1.0', type: 'nl.ketenpoort.brp.overleden', datacontenttype: 'application/json',
      source: expect.stringMatching(/^urn:nld:oin:\d{20}:systeem:ketenpoort$/),
      data: { referentie: 'WL-0001', gebeurtenis: 'overleden', datum: '2025-09-01', datumPrecisie: 'dag' },
    });
    expect(ce.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(ce.time))).toBe(false);
    for (const value of PERSONAL) expect(text).not.toContain(value);

    // Linked to the mutation, and recorded as a disclosure about the volgindicatie.
    const meta = await chain.kp.store.getMeta(alert!.id);
    expect(meta).toMatchObject({ family: 'brp-alert', type: 'overleden', parentId: res.body.id, relation: 'alert-of', contentType: 'application/cloudevents+json' });
    const volgindicatieId = (await new Volgindicaties({ store: chain.kp.store, now: Date.now }).find('wsw-subscriber', chain.kp.store.bsnHash(PERSONS[0].bsn)))!.id;
    const audits = await new AuditLog(chain.kp.store).list({ action: 'alert.disclose' });
    expect(audits).toMatchObject([{ actor: 'ketenpoort', subjectType: 'volgindicatie', subject: volgindicatieId, personalData: true, detail: { subscriber: 'wsw-subscriber', gebeurtenis: 'overleden' } }]);
  });

  it('sends nothing for a Gv02 (a municipal merger) about another watched person', async () => {
    const res = await gbav.send(GV02);
    expect(res.status).toBe(202);
    await untilEvent(chain, res.body.id, 'delivered', 20_000);
    // The consumer emits alerts before it returns, so once the Gv02 is delivered to it, any alert is stored.
    expect(await storedAlerts(res.body.id)).toEqual([]);
    expect(await storedAlerts()).toHaveLength(1);
    expect(receivedOf('wsw-subscriber')).toHaveLength(1);
  });

  it('sends one alert for the same mutation twice, also under another message id', async () => {
    const resent = await gbav.send(GV01_OVERLIJDEN);
    expect(resent.body.duplicate).toBe(true);
    const otherId = await gbav.send(GV01_OVERLIJDEN, { 'idempotency-key': 'gbav-resend-1' });
    expect(otherId.status).toBe(202);
    expect(otherId.body.duplicate).toBeUndefined();
    await untilEvent(chain, otherId.body.id, 'delivered', 20_000);
    expect(await storedAlerts(otherId.body.id)).toEqual([]);
    expect(await storedAlerts()).toHaveLength(1);
    expect(receivedOf('wsw-subscriber')).toHaveLength(1);
    expect(await new AuditLog(chain.kp.store).list({ action: 'alert.disclose' })).toHaveLength(1);
  });

  it('lists the changed person under /wijzigingen, validating against the Update API', async () => {
    const res = await subscriber.wijzigingen();
    expect(res.status).toBe(200);
    conforms('/wijzigingen', 'get', res);
    expect(res.body).toEqual({ _links: { self: { href: '/v1/brp/wijzigingen' } }, burgerservicenummers: [PERSONS[0].bsn] });
    const today = await subscriber.wijzigingen(amsterdamDate());
    conforms('/wijzigingen', 'get', today);
    expect(today.body.burgerservicenummers).toEqual([PERSONS[0].bsn]);
    const later = await subscriber.wijzigingen('2999-01-01');
    conforms('/wijzigingen', 'get', later);
    expect(later.body.burgerservicenummers).toEqual([]);
    const audits = await new AuditLog(chain.kp.store).list({ action: 'wijzigingen.view' });
    expect(audits.map((a) => [a.actor, a.subject, a.personalData])).toEqual([['wsw-subscriber', 'vanaf=', true], ['wsw-subscriber', `vanaf=${amsterdamDate()}`, true], ['wsw-subscriber', 'vanaf=2999-01-01', false]]);
    const bad = await subscriber.wijzigingen('2025-02-30');
    expect(bad.status).toBe(400);
    conforms('/wijzigingen', 'get', bad);
    expect(bad.body.invalidParams).toEqual([{ name: 'vanaf', code: 'date', reason: 'Waarde is geen geldige datum (JJJJ-MM-DD).' }]);
  });

  it('sends an Av01 with the A-nummer when the volgindicatie is ended', async () => {
    const ended = await subscriber.put(PERSONS[0].bsn, { einddatum: amsterdamDate() });
    expect(ended.status).toBe(200);
    conforms('/volgindicaties/{burgerservicenummer}', 'put', ended);
    expect(ended.body).toMatchObject({ einddatum: amsterdamDate(), status: 'beeindigd', referentie: 'WL-0001' });
    await chain.endpoints.gbav!.waitFor(4, 20_000);
    expect(lo3Received('Av01')).toEqual([{ berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: PERSONS[0].anummer }] } }]);
    // No longer listed as active, no longer among the changes, still readable on its own.
    const list = await subscriber.list();
    expect(list.body.volgindicaties.map((v: { referentie: string }) => v.referentie).sort()).toEqual(['WL-0002', 'WL-0003']);
    expect((await subscriber.wijzigingen()).body.burgerservicenummers).toEqual([]);
    conforms('/volgindicaties/{burgerservicenummer}', 'get', await subscriber.get(PERSONS[0].bsn));
    // DELETE ends another one the same way.
    expect((await subscriber.remove(PERSONS[2].bsn)).status).toBe(204);
    await chain.endpoints.gbav!.waitFor(5, 20_000);
    expect(lo3Received('Av01')).toHaveLength(2);
  });
});

describe('the watchlist API', () => {
  it('answers a bad BSN with a problem that names the parameter, not the value', async () => {
    const res = await subscriber.put('999993654', {});
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    conforms('/volgindicaties/{burgerservicenummer}', 'put', res);
    expect(res.body).toMatchObject({ status: 400, code: 'paramsValidation', invalidParams: [{ name: 'burgerservicenummer', code: 'elfproef' }] });
    expect(JSON.stringify(res.body)).not.toContain('999993654');
    const body = await subscriber.put('555555021', { einddatum: 'morgen', kleur: 'blauw' });
    conforms('/volgindicaties/{burgerservicenummer}', 'put', body);
    expect(body.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['einddatum:date', 'kleur:unknownParam']);
  });

  it('shows a subscriber only its own volgindicaties', async () => {
    const bsn = '555555021';
    await new Volgindicaties({ store: chain.kp.store, now: Date.now }).put('ander-abonnee', bsn, { referentie: 'van een ander' });
    const one = await subscriber.get(bsn);
    expect(one.status).toBe(404);
    conforms('/volgindicaties/{burgerservicenummer}', 'get', one);
    expect((await subscriber.list()).body.volgindicaties.map((v: { burgerservicenummer: string }) => v.burgerservicenummer)).not.toContain(bsn);
    expect((await subscriber.remove(bsn)).status).toBe(404);
  });

  it('refuses partners that are not subscribers', async () => {
    const res = await gbav.put('555555021', {});
    expect(res.status).toBe(403);
    expect(res.contentType).toBe('application/problem+json');
    conforms('/volgindicaties/{burgerservicenummer}', 'put', res);
  });

  it('takes a waiting list as CSV and answers per row, with the bad BSNs refused', async () => {
    const before = lo3Received('Ap01').length;
    const csv = [
      'burgerservicenummer;referentie',
      '000009945;WL-0100',
      '000009946;WL-0101',
      '12345;WL-0102',
      '999994220;WL-0103;2999-12-31',
      '000009945;WL-0104',
    ].join('\r\n');
    const res = await subscriber.upload(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      aantal: { toegevoegd: 2, gewijzigd: 0, fout: 3 },
      rijen: [
        { rij: 2, resultaat: 'toegevoegd', referentie: 'WL-0100', status: 'aangevraagd' },
        { rij: 3, resultaat: 'fout', referentie: 'WL-0101', fout: { code: 'bsn-elfproef', melding: 'Waarde is geen geldig burgerservicenummer: de elfproef klopt niet.' } },
        { rij: 4, resultaat: 'fout', referentie: 'WL-0102', fout: { code: 'bsn-formaat', melding: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' } },
        { rij: 5, resultaat: 'toegevoegd', referentie: 'WL-0103', status: 'aangevraagd' },
        { rij: 6, resultaat: 'fout', referentie: 'WL-0104', fout: { code: 'dubbel', melding: 'Dit burgerservicenummer staat ook op rij 2.' } },
      ],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/\d{9}/);
    await chain.endpoints.gbav!.waitFor(before + 2 + 2, 20_000); // 2 Ap01 + the 2 Av01 before
    expect(lo3Received('Ap01')).toHaveLength(before + 2);
    expect((await subscriber.get('999994220')).body).toMatchObject({ einddatum: '2999-12-31', referentie: 'WL-0103' });
  });
});

describe('retention of raw BRP messages', () => {
  it('purges the payloads of settled BRP messages and still recognises a purged mutation sent again', async () => {
    const { purged } = await purgePayloads(chain.kp.store, new Date(Date.now() + 1_000));
    expect(purged).toBeGreaterThanOrEqual(10); // 5 Ap01 + 2 Av01 + 3 Ag01 + Gv01 ×2 + Gv02
    const alertsBefore = receivedOf('wsw-subscriber').length;
    const again = await gbav.send(GV01_OVERLIJDEN);
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBe(true);
    await expect(chain.kp.store.readPayload(again.body.id)).rejects.toThrow();
    const events = await chain.kp.store.events(again.body.id);
    expect(events.map((e) => e.type)).toContain('purged');
    // The BSN index of the raw messages went with their payloads; the alert about the person is still found.
    const found = await chain.kp.store.findByBsn(PERSONS[0].bsn);
    expect(found.map((m) => m.family)).not.toContain('brp');
    expect(found.map((m) => m.family)).toContain('brp-alert');
    expect(receivedOf('wsw-subscriber')).toHaveLength(alertsBefore);
    // Alerts (family brp-alert) are not raw BRP messages: they keep their payload.
    expect((await chain.kp.store.readPayload(receivedOf('wsw-subscriber')[0]!.id)).length).toBeGreaterThan(0);
  });
});

describe('A-nummer as an alias (Wa11)', () => {
  it('follows a person through a Wa11: the new A-nummer matches, and the Av01 names it', async () => {
    const bsn = '999991188';
    const [oud, nieuw] = ['2929292929', '7824352058']; // the RvIG Wa11
    const alerts = () => receivedOf('wsw-subscriber').map((r) => JSON.parse(r.body.toString('utf8')));
    const before = { gbav: receivedOf('gbav').length, alerts: alerts().length };
    expect((await subscriber.put(bsn, { referentie: 'WL-0004' })).status).toBe(201);
    await chain.endpoints.gbav!.waitFor(before.gbav + 1, 20_000);
    const ag01 = serializeLo3({ berichtType: 'Ag01', status: 'A', datum: '00000000', plData: { c01: [{ e0110: oud, e0120: bsn }] } });
    expect((await gbav.send(ag01)).status).toBe(202);
    await until('placed', async () => ((await subscriber.get(bsn)).body.status === 'geplaatst' ? true : undefined));

    expect((await gbav.send(lo3('rvig-berichten-api', 'Wa11.GBA'))).status).toBe(202);
    await chain.endpoints['wsw-subscriber']!.waitFor(before.alerts + 1, 20_000);
    // A Gv01 that knows the person only by the new A-nummer (header).
    const verhuizing = Buffer.from(lo3('synthetic', 'gv01-verhuizing-intergemeentelijk.GBA'));
    verhuizing.write(nieuw, 12, 'latin1');
    expect((await gbav.send(verhuizing)).status).toBe(202);
    await chain.endpoints['wsw-subscriber']!.waitFor(before.alerts + 2, 20_000);
    const data = alerts().slice(before.alerts).map((ce) => ce.data).sort((a, b) => a.gebeurtenis.localeCompare(b.gebeurtenis));
    expect(data).toEqual([
      { referentie: 'WL-0004', gebeurtenis: 'anummer-gewijzigd', datum: '2021-10-02', datumPrecisie: 'dag' },
      { referentie: 'WL-0004', gebeurtenis: 'verhuisd.intergemeentelijk', datum: '2025-09-01', datumPrecisie: 'dag', nieuweGemeentecode: '0344' },
    ]);

    expect((await subscriber.remove(bsn)).status).toBe(204);
    await chain.endpoints.gbav!.waitFor(before.gbav + 2, 20_000);
    const av01 = receivedOf('gbav').slice(before.gbav).filter((r) => r.type === 'Av01').map((r) => parseLo3(r.body).bericht);
    expect(av01).toEqual([{ berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: nieuw }] } }]);
  });
});
