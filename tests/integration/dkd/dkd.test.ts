// Issue 12, done-when 1-4: the Digitaal Klantdossier end to end over mutual TLS against the Suwinet stand-in
// (real signatures both ways, TLS 1.2 with the WSDLs' cipher), doelbinding before anything leaves, every
// lookup in the protocol, the klantbeeld partial when a source is slow, and no BSN or name in any log line.
// Never print a response body or a corpus value: comparisons report paths only.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIENSTEN, parseResponseBody, type Dienst } from '../../../adapters/suwiml/index.ts';
import { AuditLog } from '../../../audit/index.ts';
import { auditFeature } from '../../../audit/index.ts';
import { GATEWAY_OIN } from '../../../certs-dev/generate.ts';
import { run } from '../../../cli/main.ts';
import type { SuwinetStandin } from '../../../demo/suwinet-standin.ts';
import { dkdFeature } from '../../../dkd/feature.ts';
import { showKlantbeeld } from '../../../demo/dkd.ts';
import { signEnvelope } from '../../../dkd/wus/sign.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, suwiPersonalData } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { differingPaths, leafCount, startStandin, writeDkdFile } from '../../support/suwinet.ts';
import { testCerts } from '../../support/certs.ts';

// The klantbeeld's own deadline in the timeout test (maxDuurMs): generous, as the three healthy sources must
// answer within it on a loaded two-core machine. The configured deadline is longer still.
const KLANTBEELD_TIMEOUT_MS = 6_000;
/** Valid elfproef, in no corpus sample: NietsGevonden everywhere. */
const UNKNOWN_BSN = '123456782';

let chain: TestChain;
let standin: SuwinetStandin;
let gemeente: ReturnType<typeof partnerClient>;
let audit: AuditLog;

const post = (path: string, body: unknown, who: ReturnType<typeof partnerClient> = gemeente) => who.send('POST', chain.kp.url, path, body);
const protocolCount = async () => (await audit.list({ action: 'dkd.lookup', limit: 5_000 })).length;

beforeAll(async () => {
  const certs = await testCerts();
  standin = await startStandin(certs);
  chain = await startTestChain({
    features: [auditFeature, dkdFeature],
    endpoints: {},
    env: { KP_DKD_FILE: writeDkdFile(certs, standin, { klantbeeldTimeoutMs: 30_000, timeoutMs: 20_000 }) },
  });
  gemeente = partnerClient(chain.certs, 'gemeente-0384');
  audit = new AuditLog(chain.kp.store);
});

afterAll(async () => {
  await gemeente?.close();
  await chain?.close();
  await standin?.stop();
});

beforeEach(() => standin.reset());

describe('POST /v1/dkd/{dienst} against the stand-in', () => {
  it('answers every corpus sample of the four diensten with the data of the signed answer, field by field', async () => {
    const served = new Set<Dienst>();
    for (const [dienst, bsn] of standin.sampleKeys) {
      const expected = parseResponseBody(dienst, standin.sample(dienst, bsn)!);
      const before = await protocolCount();
      const res = await post(`/v1/dkd/${dienst}`, { burgerservicenummer: bsn, doelbinding: 'Participatiewet', zaakreferentie: 'Z-2026-001' });
      expect(res.headers['cache-control'], dienst).toBe('no-store');
      expect(await protocolCount(), dienst).toBe(before + 1);
      if (expected.kind === 'fwi') {
        // The corpus Bijstandsregelingen FWI sample: a Fout FWI0001 from its source.
        expect(res.status, dienst).toBe(502);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('fwi-fout');
        expect(res.body.fouten.map((f: { code: string }) => f.code)).toEqual(expected.fouten.map((f) => f.code));
        expect(res.body.fouten[0].bron).toBe(expected.fouten[0]!.bron);
        continue;
      }
      expect(expected.kind).toBe('gevonden');
      expect(res.status, dienst).toBe(200);
      expect(res.body.dienst).toBe(dienst);
      expect(res.body.status).toBe('gevonden');
      const data = (expected as { data: unknown }).data;
      expect(differingPaths(res.body.gegevens, data), `${dienst} differs at`).toEqual([]);
      expect(leafCount(res.body.gegevens)).toBeGreaterThan(5);
      served.add(dienst);
    }
    expect([...served].sort()).toEqual(Object.keys(DIENSTEN).sort());
    // Every request reached the stand-in, was verified and answered: none refused.
    expect(standin.refused).toEqual([]);
    expect(standin.totalRequests).toBe(standin.sampleKeys.length);
  });

  it('takes the UWV period and answers NietsGevonden as 404', async () => {
    const res = await post('/v1/dkd/UWVDossierInkomstenGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet', periode: { van: '2020-07-20', tot: '2023-09-20' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.code).toBe('niets-gevonden');
    expect(standin.requests.get('UWVDossierInkomstenGSD')).toBe(1);
  });

  it('makes an FWI Fout asked of the stand-in a typed error with its code and source', async () => {
    standin.behave('SVBDossierPersoonGSD', { kind: 'fwi', code: 'FWI0002' });
    const res = await post('/v1/dkd/SVBDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'fwi-fout', dienst: 'SVBDossierPersoonGSD', fouten: [{ code: 'FWI0002', bron: 'SVBDossierPersoonGSD' }] });
  });

  it('retries a 503 without a SOAP answer (idempotent read), then answers 502 dienst-fout', async () => {
    standin.behave('BRPDossierPersoonGSD', { kind: 'http', status: 503 });
    const res = await post('/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'dienst-fout', detail: 'http' });
    // retries: 1 in the test configuration, so two attempts.
    expect(standin.requests.get('BRPDossierPersoonGSD')).toBe(2);
  });

  it('answers NietGerechtigd as 403', async () => {
    standin.behave('BRPDossierPersoonGSD', { kind: 'niet-gerechtigd' });
    const res = await post('/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('niet-gerechtigd');
  });

  it('refuses a doelbinding not configured for the partner with 403, sends nothing, and protocols the refusal', async () => {
    const before = await protocolCount();
    const res = await post('/v1/dkd/SVBDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Schuldhulpverlening', zaakreferentie: 'Z-9' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('doelbinding-niet-toegestaan');
    const klantsysteem = partnerClient(chain.certs, 'klantsysteem-0384');
    const other = await post('/v1/dkd/UWVDossierInkomstenGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Schuldhulpverlening' }, klantsysteem);
    const beeld = await post('/v1/dkd/klantbeeld', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' }, klantsysteem);
    await klantsysteem.close();
    expect(other.status).toBe(403);
    expect(beeld.status).toBe(403);
    expect(standin.totalRequests).toBe(0);
    const records = (await audit.list({ action: 'dkd.lookup', limit: 5_000 })).slice(before);
    expect(records.map((r) => [r.actor, r.detail?.dienst, r.detail?.outcome])).toEqual([
      ['gemeente-0384', 'SVBDossierPersoonGSD', 'geweigerd-doelbinding'],
      ['klantsysteem-0384', 'UWVDossierInkomstenGSD', 'geweigerd-doelbinding'],
      ['klantsysteem-0384', 'BRPDossierPersoonGSD', 'geweigerd-doelbinding'],
      ['klantsysteem-0384', 'SVBDossierPersoonGSD', 'geweigerd-doelbinding'],
    ]);
    expect(records[0]!.subjectType).toBe('bsn-hash');
    expect(records[0]!.subject).toBe(chain.kp.store.bsnHash(UNKNOWN_BSN));
    expect(records[0]!.detail?.zaakreferentie).toBe('Z-9');
    expect(records[0]!.personalData).toBe(false);
  });

  it('refuses a partner without DKD rights and a bad request without echoing it', async () => {
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    const refused = await post('/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' }, aanbieder);
    await aanbieder.close();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('geen-dkd-autorisatie');
    const bad = await post('/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: '123456789', doelbinding: 'Participatiewet', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`).sort()).toEqual(['burgerservicenummer:elfproef', 'extra:unknownParam']);
    expect(JSON.stringify(bad.body)).not.toContain('123456789');
    const unknown = await post('/v1/dkd/KadasterDossierGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' });
    expect(unknown.status).toBe(404);
    expect(standin.totalRequests).toBe(0);
  });
});

describe('the answer\'s signature, end to end', () => {
  const cases = [
    ['a tampered answer', { kind: 'tamper' }, 'signature-invalid'],
    ['an unsigned answer', { kind: 'unsigned' }, 'unsigned'],
    ['a signature wrapping variant', { kind: 'wrap' }, 'signature-coverage'],
  ] as const;
  for (const [name, behaviour, code] of cases) {
    it(`refuses ${name} (502, nothing of it read)`, async () => {
      standin.behave('SVBDossierPersoonGSD', behaviour);
      const res = await post('/v1/dkd/SVBDossierPersoonGSD', { burgerservicenummer: standin.sampleKeys.find(([d]) => d === 'SVBDossierPersoonGSD')![1], doelbinding: 'Participatiewet' });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'antwoord-onbetrouwbaar', detail: code });
      expect(res.body.gegevens).toBeUndefined();
      // Not retried: a security failure is not transient.
      expect(standin.requests.get('SVBDossierPersoonGSD')).toBe(1);
    });
  }

  it('refuses an answer signed by an untrusted certificate: another CA, or the dev CA with another OIN', async () => {
    const certs = chain.certs;
    for (const [cert, key] of [[certs.rogueClientCert, certs.rogueClientKey], [certs.strangerCert, certs.strangerKey]] as const) {
      standin.behave('BRPDossierPersoonGSD', { kind: 'signer', identity: { cert: readFileSync(cert), key: readFileSync(key) } });
      const res = await post('/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: UNKNOWN_BSN, doelbinding: 'Participatiewet' });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'antwoord-onbetrouwbaar', detail: 'untrusted-signer' });
    }
  });
});

describe('the stand-in checks the gateway\'s request signature', () => {
  it('accepts the gateway\'s signed request and refuses one with a changed Body', async () => {
    const certs = await testCerts();
    const identity = { cert: readFileSync(certs.gatewayClientCert), key: readFileSync(certs.gatewayClientKey) };
    const agent = new Agent({ connect: { ca: readFileSync(certs.caCert), cert: identity.cert, key: identity.key, servername: 'localhost' } });
    const d = DIENSTEN.BRPDossierPersoonGSD;
    const signed = signEnvelope(identity, {
      addressing: { to: standin.urlOf('BRPDossierPersoonGSD'), from: `https://localhost/dkd?oin=${GATEWAY_OIN}`, messageId: 'urn:uuid:5a4b4d6e-0000-4000-8000-000000000001', action: d.action },
      bodyChildXml: `<smls:${d.requestElement} xmlns:smls="${d.namespace}"><Burgerservicenr>${UNKNOWN_BSN}</Burgerservicenr></smls:${d.requestElement}>`,
    });
    const send = async (xml: string) => {
      const res = await request(standin.urlOf('BRPDossierPersoonGSD'), { method: 'POST', body: xml, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, dispatcher: agent });
      const text = await res.body.text();
      return { status: res.statusCode, text };
    };
    const ok = await send(signed.xml);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('NietsGevonden');
    expect(ok.text).toContain(`Value="${signed.signatureValue}"`);
    const changed = await send(signed.xml.replace(UNKNOWN_BSN, '111222333'));
    expect(changed.status).toBe(500);
    expect(changed.text).toContain('signature-invalid');
    expect(standin.refused).toEqual(['signature-invalid']);
    await agent.close();
  });
});

describe('POST /v1/dkd/klantbeeld', () => {
  it('asks every dienst in parallel and merges one client view with a status per source', async () => {
    const bsn = standin.sampleKeys.find(([d]) => d === 'SVBDossierPersoonGSD')![1];
    const res = await post('/v1/dkd/klantbeeld', { burgerservicenummer: bsn, doelbinding: 'Participatiewet', zaakreferentie: 'Z-1' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    console.log(`klantbeeld sources (ms): ${res.body.bronnen.map((b: { dienst: string; duurMs: number }) => `${b.dienst} ${Math.round(b.duurMs)} ${(b as {code?:string}).code ?? ''}`).join(', ')}`);
    const statuses = Object.fromEntries(res.body.bronnen.map((b: { dienst: string; status: string }) => [b.dienst, b.status]));
    expect(Object.keys(statuses).sort()).toEqual(Object.keys(DIENSTEN).sort());
    for (const [dienst, status] of Object.entries(statuses)) {
      expect(status, dienst).toBe(standin.sample(dienst as Dienst, bsn) ? 'gevonden' : 'niets-gevonden');
    }
    expect(res.body.volledig).toBe(true);
    expect(res.body.ontbrekend).toEqual([]);
    const expectedSvb = parseResponseBody('SVBDossierPersoonGSD', standin.sample('SVBDossierPersoonGSD', bsn)!) as { data: unknown };
    expect(differingPaths(res.body.klant.SVBDossierPersoonGSD, expectedSvb.data)).toEqual([]);
    expect(standin.totalRequests).toBe(4);
  });

  it('returns the other three when one source times out, says which, within the timeout plus a margin', async () => {
    standin.behave('UWVDossierInkomstenGSD', { kind: 'delay', ms: 30_000 });
    const before = await protocolCount();
    const started = Date.now();
    const res = await post('/v1/dkd/klantbeeld', { burgerservicenummer: standin.sampleKeys.find(([d]) => d === 'SVBDossierPersoonGSD')![1], doelbinding: 'Participatiewet', maxDuurMs: KLANTBEELD_TIMEOUT_MS });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(KLANTBEELD_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(KLANTBEELD_TIMEOUT_MS + 2_500);
    expect(res.body.volledig).toBe(false);
    expect(res.body.ontbrekend).toEqual(['UWVDossierInkomstenGSD']);
    const byDienst = Object.fromEntries(res.body.bronnen.map((b: { dienst: string }) => [b.dienst, b]));
    expect(byDienst.UWVDossierInkomstenGSD.status).toBe('timeout');
    for (const d of ['BRPDossierPersoonGSD', 'SVBDossierPersoonGSD', 'Bijstandsregelingen']) expect(['gevonden', 'niets-gevonden'], d).toContain(byDienst[d].status);
    expect(Object.keys(res.body.klant).length).toBeGreaterThan(0);
    // Every source asked is in the protocol, the slow one as timeout.
    const records = (await audit.list({ action: 'dkd.lookup', limit: 5_000 })).slice(before);
    expect(records.map((r) => r.detail?.dienst).sort()).toEqual(Object.keys(DIENSTEN).sort());
    expect(records.find((r) => r.detail?.dienst === 'UWVDossierInkomstenGSD')!.detail?.outcome).toBe('timeout');
    expect(records.every((r) => r.detail?.klantbeeld === true)).toBe(true);
  });
});

describe('the demo step', () => {
  it('asks a klantbeeld and shows it per source, without a BSN or a name', async () => {
    const lines: string[] = [];
    expect(await showKlantbeeld(chain.kp.url, chain.certs, standin, (t) => lines.push(t))).toBe(true);
    const text = lines.join('\n');
    for (const d of Object.keys(DIENSTEN)) expect(text).toContain(d);
    expect(text).toMatch(/gevonden/);
    expect(suwiPersonalData().filter((n) => text.includes(n))).toEqual([]);
  });
});

describe('protocol and operations', () => {
  it('finds lookups in the operator API and with `ketenpoort dkd protocol --json`, without a BSN', async () => {
    const operator = partnerClient(chain.certs, 'operator');
    const res = await operator.get(chain.kp.url, '/v1/ops/dkd/protocol?dienst=SVBDossierPersoonGSD&outcome=geweigerd-doelbinding');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items.every((e: { dienst: string; outcome: string }) => e.dienst === 'SVBDossierPersoonGSD' && e.outcome === 'geweigerd-doelbinding')).toBe(true);
    const needles = suwiPersonalData();
    expect(needles.filter((n) => JSON.stringify(res.body).includes(n))).toEqual([]);

    const overview = await operator.get(chain.kp.url, '/v1/ops/dkd/overview?hours=1');
    expect(overview.status).toBe(200);
    expect(Object.keys(overview.body.services).sort()).toEqual(Object.keys(DIENSTEN).sort());
    const total = overview.body.buckets.reduce((n: number, b: { counts: Record<string, Record<string, number>> }) =>
      n + Object.values(b.counts).reduce((m, o) => m + Object.values(o).reduce((x, y) => x + y, 0), 0), 0);
    expect(total).toBe(await protocolCount());

    // Search by BSN: personal-data operators only, and audited either way.
    const bsn = standin.sampleKeys.find(([d]) => d === 'SVBDossierPersoonGSD')![1];
    const denied = await operator.send('POST', chain.kp.url, '/v1/ops/dkd/protocol/search-by-bsn', { burgerservicenummer: bsn });
    expect(denied.status).toBe(403);
    await operator.close();
    const pd = partnerClient(chain.certs, 'operator-pd');
    const found = await pd.send('POST', chain.kp.url, '/v1/ops/dkd/protocol/search-by-bsn', { burgerservicenummer: bsn });
    await pd.close();
    expect(found.status).toBe(200);
    expect(found.body.items.length).toBeGreaterThanOrEqual(1);
    expect(found.body.items.every((e: { bsnHash: string }) => e.bsnHash === chain.kp.store.bsnHash(bsn))).toBe(true);
    expect((await audit.list({ action: 'dkd.protocol.search' })).length).toBe(1);
    expect((await audit.list({ action: 'dkd.protocol.search.denied' })).length).toBe(1);

    const out: string[] = [];
    const files = chain.certs.partner('operator');
    const code = await run(['dkd', 'protocol', '--dienst', 'SVBDossierPersoonGSD', '--json', '--url', chain.kp.url, '--cert', files.cert, '--key', files.key, '--ca', chain.certs.caCert],
      {}, { out: (t) => out.push(t), err: (t) => out.push(t), interactive: false });
    expect(code).toBe(0);
    const printed = JSON.parse(out.join('\n')) as { items: { dienst: string }[] };
    expect(printed.items.length).toBeGreaterThanOrEqual(3);
    expect(printed.items.every((e) => e.dienst === 'SVBDossierPersoonGSD')).toBe(true);
  });

  it('shows each dienst\'s breaker in /readyz (informational) and the lookups in /metrics', async () => {
    const operator = partnerClient(chain.certs, 'operator');
    const ready = await operator.get(chain.kp.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.info.dkd).toEqual(Object.fromEntries(Object.keys(DIENSTEN).map((d) => [d, 'closed'])));
    const metrics = (await operator.get(chain.kp.url, '/metrics')).body as string;
    await operator.close();
    expect(metrics).toMatch(/kp_dkd_lookups_total\{dienst="SVBDossierPersoonGSD",partner="gemeente-0384",outcome="gevonden"\} \d+/);
    expect(metrics).toMatch(/kp_dkd_breaker_state\{dienst="BRPDossierPersoonGSD"\} 0/);
    expect(metrics).toMatch(/kp_dkd_wus_crypto_seconds_count\{op="sign"\} [1-9]/);
  });

  it('wrote no BSN or name of the SuwiML corpus to any log line', () => {
    expect(suwiPersonalData().length).toBeGreaterThan(10);
    expect(personalDataIn(capturedLogs).length).toBe(0);
    expect(capturedLogs.some((l) => l.includes('"msg":"dkd lookup"'))).toBe(true);
  });
});
