import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { istandaardenFeature, DeadlineMonitor, DeadlineTracker } from '../../../istandaarden/feature.ts';
import { passesElfproef } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { xsdErrors } from '../../support/xsd.ts';
import { partnerClient } from '../../support/client.ts';
import { ISTANDAARDEN, personalDataIn, sample, uniqueWmo301 } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';
import { createLogger } from '../../../observability/logger.ts';
import { Registry } from 'prom-client';
import { retourCodesIn } from '../../support/retour-codes.ts';

const ENDPOINTS = ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'ggk'];

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, istandaardenFeature],
    endpoints: Object.fromEntries(ENDPOINTS.map((n) => [n, () => ({ status: 200 })])),
  });
});
afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

describe('iStandaarden over the gateway', () => {
  it('answers a Di01 from the GGk with a Du01 whose payload is a valid WMO302, and routes the WMO301 on', async () => {
    const di01 = readFileSync(path.join(ISTANDAARDEN, 'stuf-ggk-0210/constructed/Di01-WMO301.xml'));
    const ggk = partnerClient(chain.certs, 'ggk');
    try {
      const res = await ggk.post(chain.kp.url, di01);
      expect(res.status).toBe(200);
      const du01 = String(res.body);
      expect(du01).toMatch(/Du01/);
      expect(du01).toContain('<StUF:crossRefnummer>3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01</StUF:crossRefnummer>');
      const b64 = /<GGK:xmlBestand[^>]*>([^<]+)<\/GGK:xmlBestand>/.exec(du01)?.[1] ?? /xmlBestand[^>]*>([^<]+)</.exec(du01)?.[1];
      expect(b64).toBeDefined();
      const wmo302 = Buffer.from(b64!, 'base64').toString('utf8');
      expect(wmo302).toMatch(/<(?:\w+:)?BerichtCode>415<\/(?:\w+:)?BerichtCode>/); // COD002: 415 is the WMO302
      expect(xsdErrors('WMO302', wmo302)).toEqual([]);
      expect(retourCodesIn(wmo302)).toEqual([]); // approved: header only, no retour codes (IV028)
      const id = res.headers['x-ketenpoort-message-id'] as string;
      await untilEvent(chain, id, 'delivered', 20_000);
      const inner = Buffer.from(/xmlBestand[^>]*>([^<]+)</.exec(di01.toString('utf8'))![1]!, 'base64');
      expect(chain.endpoints['aanbieder-42420001']!.received.get(id)?.body.equals(inner)).toBe(true);
    } finally {
      await ggk.close();
    }
  });

  it('lets only the GGk relay: a Di01 from another partner is held to the Afzender of its payload', async () => {
    const di01 = readFileSync(path.join(ISTANDAARDEN, 'stuf-ggk-0210/constructed/Di01-WMO301.xml'));
    const gemeente0363 = partnerClient(chain.certs, 'gemeente-0363');
    try {
      const res = await gemeente0363.post(chain.kp.url, di01);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].code).toBe('sender-mismatch');
    } finally {
      await gemeente0363.close();
    }
  });

  it('answers a Di01 whose payload fails its XSD with a Fo01 carrying StUF055', async () => {
    const di01 = readFileSync(path.join(ISTANDAARDEN, 'stuf-ggk-0210/constructed/Di01-WMO301.xml'), 'utf8');
    const payload = Buffer.from(/xmlBestand[^>]*>([^<]+)</.exec(di01)![1]!, 'base64').toString('utf8')
      .replace(/<wmo301:Geslacht>\d<\/wmo301:Geslacht>/, '<wmo301:Geslacht>X</wmo301:Geslacht>');
    expect(payload).toContain('<wmo301:Geslacht>X</wmo301:Geslacht>');
    const broken = di01.replace(/(xmlBestand[^>]*>)[^<]+</, `$1${Buffer.from(payload).toString('base64')}<`);
    const ggk = partnerClient(chain.certs, 'ggk');
    try {
      const res = await ggk.post(chain.kp.url, broken);
      expect(res.status).toBe(400);
      expect(String(res.body)).toMatch(/Fo01/);
      expect(String(res.body)).toContain('StUF055');
    } finally {
      await ggk.close();
    }
  });

  it('refuses a second WMO301 with the same Identificatie with 9056 and routes the WMO302 back; a transport retry with its key is the same message', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const body = uniqueWmo301(424242);
      const first = await gemeente.post(chain.kp.url, body);
      expect(first.status).toBe(202);
      // A transport retry says so with its Idempotency-Key, and gets the first answer.
      const keyed = uniqueWmo301(424243);
      const once = await gemeente.post(chain.kp.url, keyed, { 'idempotency-key': 'keyed-301' });
      const retry = await gemeente.post(chain.kp.url, keyed, { 'idempotency-key': 'keyed-301' });
      expect([once.status, retry.status]).toEqual([202, 202]);
      expect(retry.body).toMatchObject({ id: once.body.id, duplicate: true });

      // The very same bytes again, without a key: a second message with a used Identificatie.
      const second = await gemeente.post(chain.kp.url, body);
      expect(second.status).toBe(422);
      expect(second.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR056']);
      expect(second.body.retourCodes).toEqual(['9056']);
      expect(second.body.retour.type).toBe('WMO302');
      expect(retourCodesIn(second.body.retour.xml)).toEqual(['9056']);
      expect(xsdErrors('WMO302', second.body.retour.xml)).toEqual([]);
      const [answer] = second.body.answers as { id: string; type: string }[];
      expect(answer!.type).toBe('WMO302');
      await untilEvent(chain, answer!.id, 'delivered', 20_000);
      expect(chain.endpoints['gemeente-0384']!.received.get(answer!.id)?.body.toString()).toBe(second.body.retour.xml);
      const refused = await chain.kp.store.getMeta(second.body.id);
      expect(refused).toMatchObject({ status: 'dead', reason: 'TR056' });
      expect((await chain.kp.store.getMeta(answer!.id))?.parentId).toBe(second.body.id);
    } finally {
      await gemeente.close();
    }
  });

  it('writes the level-3 claims with the message, and an identical resend refused with TR056 leaves them to the original', async () => {
    type Claims = { iv_identificaties: { identificatie: string; reservation: string }; iv_wachtend: { message_id: string } };
    const db = chain.kp.store.tables<Claims>();
    const body = uniqueWmo301(515151);
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const first = await gemeente.post(chain.kp.url, body, { 'idempotency-key': 'claims-first' });
      expect(first.status).toBe(202);
      // Registered by the same transaction that made the 202 true, in the name of the stored message.
      const identificatie = await db.selectFrom('iv_identificaties').select('reservation').where('identificatie', '=', 'T00000515151').execute();
      expect(identificatie.map((r) => r.reservation)).toEqual([first.body.id]);
      expect(await db.selectFrom('iv_wachtend').select('message_id').where('message_id', '=', first.body.id).execute()).toHaveLength(1);
      // A transport retry with its key is the first message, never a 9056.
      const retry = await gemeente.post(chain.kp.url, body, { 'idempotency-key': 'claims-first' });
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ id: first.body.id, duplicate: true });
      // The same bytes without the key: refused with 9056, and nothing of the original's is touched.
      const again = await gemeente.post(chain.kp.url, body);
      expect(again.status).toBe(422);
      expect(again.body.retourCodes).toEqual(['9056']);
      expect((await db.selectFrom('iv_identificaties').select('reservation').where('identificatie', '=', 'T00000515151').execute()).map((r) => r.reservation)).toEqual([first.body.id]);
      expect(await db.selectFrom('iv_wachtend').select('message_id').where('message_id', '=', again.body.id).execute()).toHaveLength(0);
    } finally {
      await gemeente.close();
    }
  });

  it('answers 9332 on the product when a ToewijzingNummer already names another client, and takes a change of the same toewijzing', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const change = await gemeente.post(chain.kp.url, uniqueWmo301(616161)); // the same toewijzing again: a change
      expect(change.status).toBe(202);
      const otherBsn = Array.from({ length: 1000 }, (_, i) => String(999900100 + i)).find((b) => b !== '999900006' && passesElfproef(b))!;
      const other = Buffer.from(uniqueWmo301(616162).toString('utf8').replace(/(<\w+:Bsn>)999900006(<\/\w+:Bsn>)/, `$1${otherBsn}$2`));
      const res = await gemeente.post(chain.kp.url, other);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR332']);
      expect(res.body.errors[0].path).toMatch(/ToegewezenProduct.*\/ToewijzingNummer$/);
      expect(retourCodesIn(res.body.retour.xml)).toEqual(expect.arrayContaining(['9332', '0200']));
      expect(xsdErrors('WMO302', res.body.retour.xml)).toEqual([]);
    } finally {
      await gemeente.close();
    }
  });

  // Many WMO301 at once share group-commit batches, whose claims and waiting rows are written in multi-row
  // statements (istandaarden/batch-writer.ts); a claim held inside the batch sends every message of it to its
  // own savepoint. The outcome must be what one message at a time gives, whatever the batches were.
  it('judges a concurrent burst as one message at a time would: each used Identificatie and foreign ToewijzingNummer refused once', async () => {
    type Rows = { iv_identificaties: { identificatie: string; reservation: string }; iv_toewijzingen: { toewijzing_nummer: string; reservation: string }; iv_wachtend: { message_id: string } };
    const db = chain.kp.store.tables<Rows>();
    const otherBsn = Array.from({ length: 1000 }, (_, i) => String(999900200 + i)).find((b) => passesElfproef(b))!;
    const wmo301 = (n: number, toewijzing: string, bsn = '999900006') => Buffer.from(uniqueWmo301(n).toString('utf8')
      .replace(/(<\w+:ToewijzingNummer>)101(<\/\w+:ToewijzingNummer>)/, `$1${toewijzing}$2`)
      .replace(/(<\w+:Bsn>)999900006(<\/\w+:Bsn>)/, `$1${bsn}$2`));
    const bodies = [
      ...Array.from({ length: 24 }, (_, i) => wmo301(727200 + i, String(7200 + i))),
      wmo301(727200, '7290'), wmo301(727201, '7291'), // an Identificatie of the burst again (TR056)
      wmo301(727230, '7210', otherBsn), // a ToewijzingNummer of the burst for another client (TR332)
    ];
    const gemeente = partnerClient(chain.certs, 'gemeente-0384', 16);
    try {
      const answers = await Promise.all(bodies.map((b) => gemeente.post(chain.kp.url, b)));
      const refused = answers.filter((a) => a.status !== 202);
      expect(answers.map((a) => a.status).filter((s) => s !== 202 && s !== 422)).toEqual([]);
      // One of each pair lost, whichever came first: two 9056, one 9332.
      expect(refused.map((a) => a.body.retourCodes.find((c: string) => c !== '0200')).sort()).toEqual(['9056', '9056', '9332']);
      const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.id as string).sort();
      expect(accepted).toHaveLength(bodies.length - 3);
      const identificaties = await db.selectFrom('iv_identificaties').select(['identificatie', 'reservation']).where('identificatie', 'like', 'T000007272%').execute();
      // The accepted ones and the kept copy of the 9332 (a refused message keeps its Identificatie); not the 9056s.
      expect(identificaties).toHaveLength(bodies.length - 2);
      expect(new Set(identificaties.map((r) => r.reservation)).size).toBe(bodies.length - 2);
      const toewijzingen = await db.selectFrom('iv_toewijzingen').select(['toewijzing_nummer', 'reservation']).where('toewijzing_nummer', 'like', '72__').execute();
      // One row per number, each held by an accepted message.
      expect(toewijzingen).toHaveLength(accepted.length);
      expect(new Set(toewijzingen.map((r) => r.reservation)).size).toBe(accepted.length);
      for (const r of toewijzingen) expect(accepted).toContain(r.reservation);
      const waiting = await db.selectFrom('iv_wachtend').select('message_id').where('message_id', 'in', accepted).execute();
      expect(waiting.map((r) => r.message_id).sort()).toEqual(accepted);
    } finally {
      await gemeente.close();
    }
  });

  it('refuses a WMO305 for a toewijzing it never saw with 9019 on that product and 0200 elsewhere', async () => {
    const aanbieder = partnerClient(chain.certs, 'aanbieder-65656055');
    try {
      const res = await aanbieder.post(chain.kp.url, sample('iwmo-3.2', 'WMO305'));
      expect(res.status).toBe(422);
      expect(res.body.level).toBe(3);
      expect(res.body.errors[0]).toMatchObject({ code: 'TR019' });
      expect(res.body.errors[0].path).toMatch(/StartProduct.*\/ToewijzingNummer$/);
      const xml = res.body.retour.xml as string;
      expect(res.body.retour.type).toBe('WMO306');
      expect(retourCodesIn(xml)).toContain('9019');
      expect(retourCodesIn(xml)).toContain('0200');
      expect(xsdErrors('WMO306', xml)).toEqual([]);
    } finally {
      await aanbieder.close();
    }
  });

  it('refuses the corpus WMO317 at level 2 (TR380) with the header-only retour 0001', async () => {
    const aanbieder = partnerClient(chain.certs, 'aanbieder-65656055');
    try {
      const res = await aanbieder.post(chain.kp.url, sample('iwmo-3.2', 'WMO317'));
      expect(res.status).toBe(422);
      expect(res.body.level).toBe(2);
      expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('TR380');
      expect(retourCodesIn(res.body.retour.xml)).toEqual(['0001']);
      expect(res.body.retour.xml).not.toMatch(/<wmo318:Client>/);
      expect(xsdErrors('WMO318', res.body.retour.xml)).toEqual([]);
      expect(res.body.validatieRapport).toContain('TR380');
    } finally {
      await aanbieder.close();
    }
  });

  it('builds the retour a municipality asks for on a message delivered to it, and routes it to the sender', async () => {
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const sent = await aanbieder.post(chain.kp.url, sample('iwmo-3.2', 'WMO315'));
      expect(sent.status).toBe(202);
      await untilEvent(chain, sent.body.id, 'delivered', 20_000);
      const path315 = '/Bericht/Client/AangevraagdProduct';
      const asked = await gemeente.send('POST', chain.kp.url, '/v1/istandaarden/retours', { messageId: sent.body.id, findings: [{ rule: 'TR381', code: 'S329', path: path315 }] });
      // Only the message's addressee may ask.
      const stranger = await aanbieder.send('POST', chain.kp.url, '/v1/istandaarden/retours', { messageId: sent.body.id });
      expect(stranger.status).toBe(404);
      expect(asked.status).toBe(201);
      expect(asked.body.type).toBe('WMO316');
      await untilEvent(chain, asked.body.id, 'delivered', 20_000);
      expect(chain.endpoints['aanbieder-42420001']!.received.get(asked.body.id)?.body.toString()).toBe(asked.body.xml);
    } finally {
      await aanbieder.close();
      await gemeente.close();
    }
  });

  it('settles the wait of a 315 when a 301 answers on one of its ReferentieAanbieder values, found by that key', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    try {
      const wmo315 = sample('iwmo-3.2', 'WMO315').toString('utf8')
        .replace(/<iwmo:Identificatie>123456789012<\/iwmo:Identificatie>/, '<iwmo:Identificatie>T00000777100</iwmo:Identificatie>')
        .replace('<wmo315:ReferentieAanbieder>42420001<', '<wmo315:ReferentieAanbieder>R777100A<')
        .replace('<wmo315:ReferentieAanbieder>42420002<', '<wmo315:ReferentieAanbieder>R777100B<');
      const aanvraag = await aanbieder.post(chain.kp.url, wmo315);
      expect(aanvraag.status).toBe(202);
      const wmo301 = uniqueWmo301(777100).toString('utf8').replace('<wmo301:ReferentieAanbieder>42420002<', '<wmo301:ReferentieAanbieder>R777100B<');
      const toewijzing = await gemeente.post(chain.kp.url, wmo301);
      expect(toewijzing.status).toBe(202);
      const db = chain.kp.store.tables<{ iv_wachtend: { message_id: string; antwoord_types: string; answer_id: string | null } }>();
      const waits = await db.selectFrom('iv_wachtend').select(['antwoord_types', 'answer_id']).where('message_id', '=', aanvraag.body.id).orderBy('antwoord_types').execute();
      // The 316 (its retour) still outstanding; the toewijzing-or-antwoord wait answered by the 301, in its own transaction.
      expect(waits).toEqual([{ antwoord_types: 'WMO301,WMO319', answer_id: toewijzing.body.id }, { antwoord_types: 'WMO316', answer_id: null }]);
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });

  it('raises one deadline-missed event per answer that did not come in time, and none for one that did', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    try {
      const answered = await gemeente.post(chain.kp.url, uniqueWmo301(777001));
      const unanswered = await gemeente.post(chain.kp.url, uniqueWmo301(777002));
      expect([answered.status, unanswered.status]).toEqual([202, 202]);
      // The aanbieder's retour on the first: the corpus WMO302 with that heen Identificatie.
      const wmo302 = sample('iwmo-3.2', 'WMO302').toString('utf8').replace(/<iwmo:Identificatie>123456789012<\/iwmo:Identificatie>/, '<iwmo:Identificatie>T00000777001</iwmo:Identificatie>');
      const retour = await aanbieder.post(chain.kp.url, wmo302);
      expect(retour.status).toBe(202);
      const tracker = new DeadlineTracker(chain.kp.store);
      const monitor = new DeadlineMonitor({ tracker, store: chain.kp.store, logger: createLogger({ level: 'silent' }), registry: new Registry() }, 60_000);
      // Written in the retour's own transaction: settled by the time of its 202, no waiting.
      const settled = async () => (await chain.kp.store.tables<{ iv_wachtend: { message_id: string; answer_id: string | null } }>()
        .selectFrom('iv_wachtend').select('answer_id').where('message_id', '=', answered.body.id).executeTakeFirst())?.answer_id;
      expect(await settled()).toBe(retour.body.id);
      expect(await monitor.scan(new Date())).toBe(0);
      const later = new Date(Date.now() + 30 * 86_400_000);
      expect(await monitor.scan(later)).toBeGreaterThanOrEqual(1);
      expect(await monitor.scan(later)).toBe(0);
      expect((await chain.kp.store.events(unanswered.body.id)).filter((e) => e.type === 'deadline-missed')).toHaveLength(1);
      expect((await chain.kp.store.events(answered.body.id)).filter((e) => e.type === 'deadline-missed')).toHaveLength(0);
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });
});
