// The iPgb flow end to end over mutual TLS (issue 11, Done-when 2): a municipality's TKB goes to the SVB
// stand-in byte for byte; the SVB's rejecting retour comes back to the municipality and the ledger says
// `afgekeurd` with its code; the corrected TKB is accepted (`geaccepteerd`); the SVB's BAB reaches the
// municipality and the gateway answers it with a valid WMO508 to the SVB. A second TKB for a budget whose retour
// is outstanding is refused with TR507's code, and a level-2 failure with the header-only 0001 retour, each
// retour routed back to the municipality. Fixtures: tests/fixtures/ipgb (synthetic BSNs, never printed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { buildIpgbRetour, createIpgbAdapter, ipgbSchemasDir, type IpgbAdapter, type IpgbFinding, type Toekenning } from '../../../adapters/ipgb/index.ts';
import { SCHEMAS_DIR } from '../../../ketenpoort.ts';
import { PGB_SUBSCRIPTION } from '../../../pgb/brp.ts';
import { pgbFeature } from '../../../pgb/feature.ts';
import { createSubscriptionsFeature } from '../../../subscriptions/feature.ts';
import type { PgbTables } from '../../../pgb/tables.ts';
import type { Receipt } from '../../../demo/partner-endpoint.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { testBsn } from '../../support/pgb.ts';
import { capturedLogs, receivedAt, startTestChain, type TestChain } from '../../support/gateway.ts';
import { retourCodesIn } from '../../support/retour-codes.ts';

const FIXTURES = path.resolve('tests/fixtures/ipgb');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const BUDGET = 'PGB-W-2026-001';
const STRANGER = testBsn(7507);
const FIXTURE_BSNS = ['777000003', '777000015', STRANGER];

let chain: TestChain;
let adapter: IpgbAdapter;
let db: Kysely<PgbTables>;

beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, createSubscriptionsFeature({ internal: [PGB_SUBSCRIPTION] }), pgbFeature],
    endpoints: { 'gemeente-0384': () => ({ status: 200 }), svb: () => ({ status: 200 }), gbav: () => ({ status: 200 }) },
    // No periodic follow sync: the volgindicatie below can only come from the ingest's after-commit step.
    env: { KP_BRP_SYNC_INTERVAL_MS: '0', KP_BRP_RETENTION_DAYS: '0', KP_PGB_DEADLINE_SCAN_MS: '0', KP_PGB_FOLLOW_SYNC_MS: '0', KP_PGB_GEMEENTECODES: '0384' },
  });
  adapter = createIpgbAdapter(ipgbSchemasDir(SCHEMAS_DIR, {}));
  db = chain.kp.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
});
afterAll(async () => {
  await chain?.close();
  adapter?.dispose();
  expect(personalDataIn(capturedLogs)).toEqual([]);
  expect(capturedLogs.filter((l) => FIXTURE_BSNS.some((b) => l.includes(b)))).toEqual([]);
});

/** The WMO501 fixture with its own BerichtIdentificatie (and, for a corrected one, another Afgiftedatum). */
function tkb(identificatie: string, edit: (xml: string) => string = (x) => x): Buffer {
  const xml = fixture('WMO501.xml').replace('<ipgb:Identificatie>TKB-W-0001</ipgb:Identificatie>', `<ipgb:Identificatie>${identificatie}</ipgb:Identificatie>`);
  return Buffer.from(edit(xml));
}

const received = (endpoint: string, find: (r: Receipt) => boolean) => receivedAt(chain, endpoint, find);

const budget = () => db.selectFrom('pgb_budgets').select(['state', 'retour_codes', 'versions']).where('budget_id', '=', BUDGET).executeTakeFirst();

/** What the SVB stand-in answers on a TKB it received: approving, or rejecting one class with a TR code. */
function svbRetour(tkbBody: Buffer, identificatie: string, reject?: { rule: string; code: string }): Buffer {
  const model = adapter.process(tkbBody).ipgb as Toekenning;
  const findings: IpgbFinding[] = [];
  if (reject) {
    const f = model.client.budget.functieBudgetten[1]!;
    findings.push({ rule: reject.rule, code: reject.code, level: 3, path: `${f.path}/FunctieBudgetPeriode`, klasse: f.path, message: 'overlappende periode' });
  }
  return Buffer.from(buildIpgbRetour({ heen: tkbBody, model, findings, identificatie, schemas: adapter.schemas }).xml);
}

describe('iPgb through Ketenpoort (mTLS, real partner endpoints)', () => {
  it('TKB rejected by the SVB, corrected and accepted; a BAB answered with the 508; a TKB too early refused with TR507', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const svb = partnerClient(chain.certs, 'svb');
    try {
      // 1. The municipality's TKB reaches the SVB as sent.
      const first = tkb('TKB-W-0001');
      const sent = await gemeente.post(chain.kp.url, first);
      expect(sent.status).toBe(202);
      const atSvb = await received('svb', (r) => r.id === sent.body.id);
      expect(atSvb.type).toBe('WMO501');
      expect(atSvb.body.equals(first)).toBe(true);
      expect(await budget()).toMatchObject({ state: 'verzonden', versions: 1 });
      // Once committed, the budgethouder with an active budget is followed in the BRP (a volgindicatie).
      const followed = async () => Number((await db.selectFrom('pgb_budgethouders').select('gevolgd').where('bsn_hash', '=', chain.kp.store.bsnHash(FIXTURE_BSNS[0]!)).executeTakeFirst())?.gevolgd);
      for (let i = 0; i < 100 && (await followed()) !== 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await followed()).toBe(1);

      // 2. A second TKB for the same budget while its retour is outstanding: TR507, the retour routed back.
      const early = await gemeente.post(chain.kp.url, tkb('TKB-W-0009'));
      expect(early.status).toBe(422);
      expect(early.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR507']);
      expect(early.body.retourCodes).toEqual(['9507']);
      expect(early.body.retour.type).toBe('WMO502');
      expect(retourCodesIn(early.body.retour.xml)).toContain('9507');
      expect(adapter.process(Buffer.from(early.body.retour.xml)).type).toBe('WMO502');
      const [earlyRetour] = early.body.answers as { id: string; type: string }[];
      const earlyAtGemeente = await received('gemeente-0384', (r) => r.id === earlyRetour!.id);
      expect(earlyAtGemeente.body.toString('utf8')).toBe(early.body.retour.xml);
      expect([...chain.endpoints.svb!.received.values()].filter((r) => r.type === 'WMO501')).toHaveLength(1);
      expect(await budget()).toMatchObject({ state: 'verzonden', versions: 1 });

      // 3. The SVB rejects the TKB with a TR code; the municipality gets the 502, the ledger says afgekeurd.
      const rejecting = svbRetour(atSvb.body, 'SVB-R-0001', { rule: 'TR502', code: '9502' });
      const r1 = await svb.post(chain.kp.url, rejecting);
      expect(r1.status).toBe(202);
      const r1AtGemeente = await received('gemeente-0384', (r) => r.id === r1.body.id);
      expect(r1AtGemeente.type).toBe('WMO502');
      expect(r1AtGemeente.body.equals(rejecting)).toBe(true);
      expect(await budget()).toMatchObject({ state: 'afgekeurd', retour_codes: '9502' });

      // 4. The corrected TKB (same budget) goes through, and the SVB approves it.
      const corrected = tkb('TKB-W-0002', (x) => x.replace('<wmo501:Afgiftedatum>2026-11-15</wmo501:Afgiftedatum>', '<wmo501:Afgiftedatum>2026-11-20</wmo501:Afgiftedatum>'));
      const sent2 = await gemeente.post(chain.kp.url, corrected);
      expect(sent2.status).toBe(202);
      const atSvb2 = await received('svb', (r) => r.id === sent2.body.id);
      expect(atSvb2.body.equals(corrected)).toBe(true);
      const approving = svbRetour(atSvb2.body, 'SVB-R-0002');
      const r2 = await svb.post(chain.kp.url, approving);
      expect(r2.status).toBe(202);
      await received('gemeente-0384', (r) => r.id === r2.body.id);
      expect(await budget()).toMatchObject({ state: 'geaccepteerd', retour_codes: null, versions: 2 });

      // 5. The SVB's BAB reaches the municipality; the gateway answers it with a valid WMO508 to the SVB.
      const bab = Buffer.from(fixture('WMO507.xml'));
      const b = await svb.post(chain.kp.url, bab);
      expect(b.status).toBe(202);
      const babAtGemeente = await received('gemeente-0384', (r) => r.id === b.body.id);
      expect(babAtGemeente.type).toBe('WMO507');
      expect(babAtGemeente.body.equals(bab)).toBe(true);
      const wmo508 = await received('svb', (r) => r.type === 'WMO508');
      const answer = adapter.process(wmo508.body);
      expect(answer.type).toBe('WMO508');
      expect(answer.ipgb.header.berichtIdentificatie.identificatie).toBe('BAB-W-0001');
      expect(retourCodesIn(wmo508.body.toString('utf8'))).toEqual([]); // approving: header only (IV028)
      expect((await chain.kp.store.getMeta(wmo508.id))?.parentId).toBe(b.body.id);
      const babs = await db.selectFrom('pgb_babs').select(['zorgfunctie', 'besteed', 'toegekend', 'boven_budget']).where('message_id', '=', b.body.id).orderBy('line').execute();
      expect(babs.map((r) => [r.zorgfunctie, Number(r.besteed), Number(r.toegekend), Number(r.boven_budget)])).toEqual([['01', 290000, 300000, 0], ['02', 1300000, 1250000, 1]]);
    } finally {
      await gemeente.close();
      await svb.close();
    }
  });

  it('refuses a TKB that breaks a level-2 rule with the header-only 0001 retour, routed back to the municipality', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      // VerantwoordingsvrijBedrag above the FunctieBudgetBedrag: TR503.
      const body = tkb('TKB-W-0100', (x) => x.replace('<wmo501:VerantwoordingsvrijBedrag>25000<', '<wmo501:VerantwoordingsvrijBedrag>2500000<'));
      const res = await gemeente.post(chain.kp.url, body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR503']);
      expect(res.body.errors[0].path).toMatch(/FunctieBudget(\[1\])?\/VerantwoordingsvrijBedrag$/);
      expect(res.body.retourCodes).toEqual(['9503']);
      expect(res.body.retour.uitkomst).toBe('technisch-afgekeurd');
      expect(retourCodesIn(res.body.retour.xml)).toEqual(['0001']);
      const [retour] = res.body.answers as { id: string; type: string }[];
      const atGemeente = await received('gemeente-0384', (r) => r.id === retour!.id);
      expect(adapter.process(atGemeente.body).type).toBe('WMO502');
      expect((await chain.kp.store.getMeta(res.body.id))).toMatchObject({ status: 'dead', reason: 'TR503' });
    } finally {
      await gemeente.close();
    }
  });

  it('refuses a BAB for a budgethouder without any TKB (TR509) and sends the SVB the WMO508 with the code', async () => {
    const svb = partnerClient(chain.certs, 'svb');
    try {
      const bab = Buffer.from(fixture('WMO507.xml').replace('<wmo507:Bsn>777000003</wmo507:Bsn>', `<wmo507:Bsn>${STRANGER}</wmo507:Bsn>`)
        .replace('<ipgb:Identificatie>BAB-W-0001</ipgb:Identificatie>', '<ipgb:Identificatie>BAB-W-0509</ipgb:Identificatie>'));
      const res = await svb.post(chain.kp.url, bab);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR509']);
      expect(res.body.retourCodes).toEqual(['9509']);
      expect(res.body.retour).toMatchObject({ type: 'WMO508', uitkomst: 'afgekeurd' });
      const [retour] = res.body.answers as { id: string; type: string }[];
      const atSvb = await received('svb', (r) => r.id === retour!.id);
      const wmo508 = adapter.process(atSvb.body);
      expect(wmo508.type).toBe('WMO508');
      expect(wmo508.ipgb.header.berichtIdentificatie.identificatie).toBe('BAB-W-0509');
      // The rule's code on its class (Client), 0200 on the rest (header, each FunctieBudgetBesteed).
      expect(retourCodesIn(atSvb.body.toString('utf8')).sort()).toEqual(['0200', '0200', '0200', '9509']);
      // Refused: the municipality never sees it, and the ledger books nothing.
      expect(chain.endpoints['gemeente-0384']!.received.has(res.body.id)).toBe(false);
      expect(await db.selectFrom('pgb_babs').select('line').where('berichtidentificatie', '=', 'BAB-W-0509').execute()).toEqual([]);
    } finally {
      await svb.close();
    }
  });

  it('TR056 is a claim: a refused TKB used its Identificatie up, and of two TKBs at once with one Identificatie one passes', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    // Another budgethouder and budget, so only the Identificatie can clash.
    const other = (n: number, identificatie: string) => tkb(identificatie, (x) => x
      .replace('<wmo501:Bsn>777000003</wmo501:Bsn>', `<wmo501:Bsn>${testBsn(9100 + n)}</wmo501:Bsn>`)
      .replace('<wmo501:BudgetIdentificatie>PGB-W-2026-001</wmo501:BudgetIdentificatie>', `<wmo501:BudgetIdentificatie>PGB-W-ID-${n}</wmo501:BudgetIdentificatie>`));
    const codes = (res: { body: { errors?: { code: string }[] } }) => (res.body.errors ?? []).map((e) => e.code);
    try {
      // TKB-W-0009 was refused at level 3 (TR507) and TKB-W-0100 at level 2 (TR503) above: both are used.
      for (const [n, used] of [[1, 'TKB-W-0009'], [2, 'TKB-W-0100']] as const) {
        const res = await gemeente.post(chain.kp.url, other(n, used));
        expect(res.status).toBe(422);
        expect(codes(res)).toEqual(['TR056']);
        expect(res.body.retourCodes).toEqual(['9056']);
        expect(res.body.errors[0].path).toMatch(/BerichtIdentificatie\/Identificatie$/);
        expect(retourCodesIn(res.body.retour.xml)).toContain('9056');
      }
      // A fresh Identificatie for the same budget goes through: it was the Identificatie, not the budget.
      expect((await gemeente.post(chain.kp.url, other(1, 'TKB-W-0301'))).status).toBe(202);

      // Two TKBs for two budgets with one new Identificatie at the same moment: one is accepted, one is TR056.
      for (let round = 0; round < 3; round++) {
        const id = `TKB-W-04${round}0`;
        const both = await Promise.all([gemeente.post(chain.kp.url, other(10 + 2 * round, id)), gemeente.post(chain.kp.url, other(11 + 2 * round, id))]);
        expect(both.map((r) => r.status).sort()).toEqual([202, 422]);
        expect(codes(both.find((r) => r.status === 422)!)).toEqual(['TR056']);
        const holders = await db.selectFrom('pgb_identificaties').select('message_id').where('identificatie', '=', id).execute();
        expect(holders.map((h) => h.message_id)).toEqual([both.find((r) => r.status === 202)!.body.id]);
      }
      const booked = await db.selectFrom('pgb_tkb_versions').select('berichtidentificatie').where('berichtidentificatie', 'like', 'TKB-W-04%').execute();
      expect(booked).toHaveLength(3);
    } finally {
      await gemeente.close();
    }
  });

  it('holds each side to its part: another municipality may not send 0384\'s TKB, a municipality no 502', async () => {
    const other = partnerClient(chain.certs, 'gemeente-0363');
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const res = await other.post(chain.kp.url, tkb('TKB-W-0200'));
      expect(res.status).toBe(403);
      expect(res.body.errors[0].code).toBe('sender-mismatch');
      const retour = await gemeente.post(chain.kp.url, fixture('WMO502-goedgekeurd.xml'));
      expect(retour.status).toBe(403);
      expect(retour.body.errors[0].code).toBe('not-authorised');
    } finally {
      await other.close();
      await gemeente.close();
    }
  });
});
