// Issue 11, Done-when 3, over mutual TLS against a real gateway (SQLite or PostgreSQL, real RabbitMQ): an
// uitvallijst of more than 50 rows covering every diagnosis, as CSV and as XLSX, each row diagnosed right;
// an unknown header refused naming it; a bad BSN reported by row number; a newer list closes what is gone;
// access (pgb permission, BSNs only with personal-data, audited, no-store); the XLSX export read back.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../../cli/main.ts';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeLo3 } from '../../../adapters/brp/lo3/index.ts';
import { AuditLog, auditFeature } from '../../../audit/index.ts';
import { PGB_SUBSCRIPTION } from '../../../pgb/brp.ts';
import { PGB_LEDGERS, pgbFeature } from '../../../pgb/feature.ts';
import type { PgbTables } from '../../../pgb/tables.ts';
import { createSubscriptionsFeature } from '../../../subscriptions/feature.ts';
import { CORPUS } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';
import { listCsv, listXlsx, seedScenario, testBsn, tkb, LIST_HEADER, type ListRow } from '../../support/pgb.ts';
import { watchlistClient } from '../subscriptions/watchlist-client.ts';
import { pgbClient } from './pgb-client.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// The corpus Gv01: A-nummer 9990000018 (BSN 999993653 in the RvIG test set) died 2025-09-01.
const GV01_OVERLIJDEN = readFileSync(path.join(CORPUS, 'brp', 'lo3', 'synthetic', 'gv01-overlijden.GBA'));
const DECEASED = { bsn: '999993653', anummer: '9990000018' };

let chain: TestChain;
let pgb: ReturnType<typeof pgbClient>;
let pd: ReturnType<typeof pgbClient>;
let rows: ListRow[] = [];
const personal = () => [...rows.map((r) => r.bsn), DECEASED.bsn, DECEASED.anummer];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  chain = await startTestChain({
    endpoints: { gbav: () => ({ status: 200 }) },
    features: [auditFeature, createSubscriptionsFeature({ internal: [PGB_SUBSCRIPTION] }), pgbFeature],
    env: { KP_BRP_SYNC_INTERVAL_MS: '0', KP_BRP_RETENTION_DAYS: '0', KP_PGB_DEADLINE_SCAN_MS: '0', KP_PGB_FOLLOW_SYNC_MS: '0', KP_PGB_GEMEENTECODES: '0384' },
  });
  const ledger = PGB_LEDGERS.get(chain.kp.store)!;
  const db = chain.kp.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  rows = await seedScenario(ledger, 5, 0, async (bsn, gebeurtenis, nieuweGemeente) => {
    await db.updateTable('pgb_budgethouders').set({ brp_gebeurtenis: gebeurtenis, brp_nieuwe_gemeente: nieuweGemeente ?? null, brp_datum: '2026-02-01' })
      .where('bsn_hash', '=', chain.kp.store.bsnHash(bsn)).execute();
  });
  pgb = pgbClient(chain.certs, 'pgb-beheer', chain.kp.url);
  pd = pgbClient(chain.certs, 'pgb-beheer-pd', chain.kp.url);
}, 240_000);

afterAll(async () => {
  await pgb?.close();
  await pd?.close();
  await chain?.close();
  expect(capturedLogs.filter((line) => personal().some((v) => line.includes(v)))).toEqual([]);
});

async function itemsOf(importId: string) {
  const res = await pgb.get(`/v1/pgb/worklist?import=${importId}&limit=1000`);
  expect(res.status).toBe(200);
  return res.body.items as { id: string; rowNumber: number; diagnosis: string; weak: boolean; match: string; bsn?: string; status: string }[];
}

function expectDiagnosed(items: Awaited<ReturnType<typeof itemsOf>>) {
  expect(items).toHaveLength(rows.length);
  const byRow = new Map(items.map((i) => [i.rowNumber, i]));
  rows.forEach((r, i) => {
    const item = byRow.get(i + 2); // row 1 is the header
    expect({ row: i + 2, diagnosis: item?.diagnosis, weak: item?.weak }).toEqual({ row: i + 2, diagnosis: r.expected, weak: r.weak === true });
  });
}

describe('uitvallijst import and reconciliation (Done-when 3)', () => {
  let csvImport: string;

  it('covers every diagnosis with at least 50 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(new Set(rows.map((r) => r.expected)).size).toBe(10);
  });

  it('imports the CSV and gives each row its diagnosis', async () => {
    const res = await pgb.upload(listCsv(rows), 'text/csv; charset=utf-8', '?filename=uitval-januari.csv');
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.summary).toMatchObject({ rows: rows.length, validRows: rows.length, rejectedRows: 0, closed: 0, unmatched: 10, weak: 5 });
    expect(res.body.summary.perDiagnosis['tkb-afgekeurd']).toEqual({ rows: 5, bedrag: 5 * 123_456 });
    expect(res.body.summary.perClass.brp.rows).toBe(15);
    csvImport = res.body.id;
    const items = await itemsOf(csvImport);
    expectDiagnosed(items);
    // Without personal-data: no BSN in the answer.
    expect(items.every((i) => i.bsn === undefined)).toBe(true);
  });

  it('imports the same list as XLSX: the same diagnoses, on the same items', async () => {
    const res = await pgb.upload(await listXlsx(rows), XLSX, '?filename=uitval-januari.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.summary).toMatchObject({ rows: rows.length, validRows: rows.length, rejectedRows: 0, closed: 0 });
    const items = await itemsOf(res.body.id);
    expectDiagnosed(items);
    const all = await pgb.get('/v1/pgb/worklist?limit=1000&source=uitvallijst');
    expect(all.body.items).toHaveLength(rows.length);
  });

  it('says why an afgekeurde TKB dropped out: the retourcode and its meaning', async () => {
    const items = await itemsOf((await pgb.get('/v1/pgb/uitvallijsten')).body.items[0].id);
    const item = items.find((i) => i.diagnosis === 'tkb-afgekeurd')!;
    const res = await pgb.get(`/v1/pgb/worklist/${item.id}`);
    expect(res.status).toBe(200);
    expect(res.body.item.detail.retourcodes).toEqual([{ code: '9502', betekenis: expect.stringContaining('TR502') }]);
    expect(res.body.item.action).toMatch(/gecorrigeerde TKB/);
    expect(res.body.budget.tkb).toMatchObject([{ versie: 1, state: 'afgekeurd', retour: { codes: ['9502'] } }]);
    expect(res.body.item.bsn).toBeUndefined();
  });

  it('refuses a file with an unknown header, naming the column', async () => {
    const res = await pgb.upload(listCsv(rows.slice(0, 3), [...LIST_HEADER, 'Geboortedatum']), 'text/csv');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'unknown-header', column: 'Geboortedatum', layout: 'svb-standaard' });
    expect(res.body.title).toContain('Geboortedatum');
  });

  it('refuses a file without a required column, naming it', async () => {
    const res = await pgb.upload(Buffer.from('Budgetnummer;Bedrag\nPGB-1;1,00\n'), 'text/csv');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'missing-header', column: 'bsn' });
  });

  it('reports a row with a bad BSN by its row number and imports the rest', async () => {
    const bad = [...rows.slice(0, 4)];
    bad.splice(1, 0, { bsn: '123456789', bedrag: '1,00', expected: 'niet-gevonden' });
    const res = await pgb.upload(listCsv(bad), 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body.summary).toMatchObject({ rows: 5, validRows: 4, rejectedRows: 1 });
    expect(res.body.rejected).toEqual([{ row: 3, column: 'BSN', code: 'bsn-elfproef', message: 'the BSN fails the 11-proef' }]);
    // A newer list without the other rows closes their items, and says how many.
    expect(res.body.summary.closed).toBe(rows.length - 4);
    const closed = await pgb.get('/v1/pgb/worklist?status=opgelost&limit=1000');
    expect(closed.body.items).toHaveLength(rows.length - 4);
    expect(closed.body.items[0]).toMatchObject({ statusBy: 'ketenpoort', closedReason: 'niet-meer-op-lijst' });
    const detail = await pgb.get(`/v1/pgb/uitvallijsten/${res.body.id}`);
    expect(detail.body.rejected).toEqual(res.body.rejected);
  });

  it('reopens items when the full list comes back', async () => {
    const res = await pgb.upload(listCsv(rows), 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body.summary.reopened).toBe(rows.length - 4);
    expect((await pgb.get('/v1/pgb/worklist?status=open&limit=1000')).body.items).toHaveLength(rows.length);
  });
});

describe('worklist access, status and exports', () => {
  it('shows BSNs only to an operator with personal-data, and audits the view', async () => {
    const plain = await pgb.get('/v1/pgb/worklist?bsn=true');
    expect(plain.status).toBe(403);
    expect(plain.body.code).toBe('personal-data-required');
    const res = await pd.get('/v1/pgb/worklist?bsn=true&diagnosis=onverklaard');
    expect(res.status).toBe(200);
    expect(res.body.items.every((i: { bsn?: string }) => typeof i.bsn === 'string' && /^\d{9}$/.test(i.bsn))).toBe(true);
    const audits = await new AuditLog(chain.kp.store).list({ action: 'pgb.worklist.view' });
    expect(audits.some((a) => a.actor === 'pgb-beheer-pd' && a.personalData)).toBe(true);
    expect((await new AuditLog(chain.kp.store).list({ action: 'pgb.worklist.view.denied' })).map((a) => a.actor)).toEqual(['pgb-beheer']);
  });

  it('refuses an operator without the pgb permission and a non-operator', async () => {
    const op = pgbClient(chain.certs, 'operator-pd', chain.kp.url);
    const gm = pgbClient(chain.certs, 'gemeente-0384', chain.kp.url);
    try {
      const a = await op.get('/v1/pgb/worklist');
      expect(a.status).toBe(403);
      expect(a.body.code).toBe('pgb-permission-required');
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await gm.get('/v1/pgb/worklist')).body.code).toBe('operator-required');
    } finally {
      await op.close();
      await gm.close();
    }
  });

  it('sets a status with who and when, audited', async () => {
    const [item] = (await pgb.get('/v1/pgb/worklist?diagnosis=geen-retour&limit=1')).body.items;
    const res = await pgb.post(`/v1/pgb/worklist/${item.id}/status`, { status: 'in-behandeling', note: 'SVB gebeld' });
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ status: 'in-behandeling', statusBy: 'pgb-beheer', note: 'SVB gebeld' });
    const done = await pgb.post(`/v1/pgb/worklist/${item.id}/status`, { status: 'opgelost' });
    expect(done.body.item).toMatchObject({ status: 'opgelost', statusBy: 'pgb-beheer' });
    expect((await pgb.post(`/v1/pgb/worklist/${item.id}/status`, { status: 'klaar' })).body).toMatchObject({ code: 'bad-parameter', parameter: 'status', invalidParams: [{ name: 'status', code: 'enum' }] });
    const audits = await new AuditLog(chain.kp.store).list({ action: 'pgb.item.status', subject: item.id });
    expect(audits.map((a) => a.detail)).toEqual([{ from: 'open', to: 'in-behandeling' }, { from: 'in-behandeling', to: 'opgelost' }]);
  });

  it('exports the worklist as XLSX that reads back with its rows', async () => {
    const res = await pgb.get('/v1/pgb/worklist.xlsx?diagnosis=tkb-afgekeurd,geen-tkb');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(values[0]!.slice(0, 3)).toEqual(['id', 'status', 'diagnose']);
    expect(values).toHaveLength(11);
    expect(values.slice(1).map((r) => r[2]).sort()).toEqual([...Array(5).fill('geen-tkb'), ...Array(5).fill('tkb-afgekeurd')]);
    expect(values.flat().some((v) => typeof v === 'string' && /^71\d{7}$/.test(v))).toBe(false);
    const csv = await pgb.get('/v1/pgb/worklist.csv?diagnosis=geen-tkb');
    expect(csv.raw.toString('utf8').trim().split(/\r?\n/)).toHaveLength(6);
  });

  it('exports an import summary and charts the open uitval per reason', async () => {
    const imports = (await pgb.get('/v1/pgb/uitvallijsten')).body.items;
    const sum = await pgb.get(`/v1/pgb/uitvallijsten/${imports[0].id}/samenvatting.csv`);
    expect(sum.status).toBe(200);
    expect(sum.raw.toString('utf8')).toContain('tkb-afgekeurd');
    const chart = await pgb.get('/v1/pgb/chart?days=7');
    expect(chart.body.days).toHaveLength(7);
    expect(chart.body.series['onverklaard'].at(-1)).toBe(10);
  });
});

describe('the CLI', () => {
  it('imports a list with `ketenpoort pgb import FILE` and lists the worklist with `pgb worklist --json`', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-pgb-cli-'));
    const file = path.join(dir, 'uitval-cli.xlsx');
    writeFileSync(file, await listXlsx(rows));
    const files = chain.certs.partner('pgb-beheer');
    const conn = ['--url', chain.kp.url, '--cert', files.cert, '--key', files.key, '--ca', chain.certs.caCert];
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), interactive: false };
    expect(await run(['pgb', 'import', file, ...conn], {}, io)).toBe(0);
    expect(out.join('\n')).toContain(`${rows.length} rows`);
    out.length = 0;
    expect(await run(['pgb', 'worklist', '--diagnosis', 'niet-gevonden', '--json', ...conn], {}, io)).toBe(0);
    const listed = JSON.parse(out.join('\n'));
    expect(listed.items).toHaveLength(5);
    out.length = 0;
    writeFileSync(path.join(dir, 'bad.csv'), listCsv(rows.slice(0, 2), [...LIST_HEADER, 'Geboortedatum']));
    expect(await run(['pgb', 'import', path.join(dir, 'bad.csv'), ...conn], {}, io)).toBe(1);
    expect(out.join('\n')).toMatch(/422 unknown-header: .*Geboortedatum/);
  });
});

describe('BRP in the loop (Done-when 3, the Gv01)', () => {
  it('follows a budgethouder with an active budget and turns a Gv01 death into a worklist item without any list', async () => {
    const ledger = PGB_LEDGERS.get(chain.kp.store)!;
    await ledger.recordTkb(tkb({ bsn: DECEASED.bsn, budgetId: 'PGB-DOOD-1', identificatie: 'DOOD0001', begin: '2025-01-01', einde: '2026-12-31' }), { messageId: 'msg-dood-1', at: new Date() });
    // The gateway placed a volgindicatie of its own, so an Ap01 goes to GBA-V.
    await chain.endpoints.gbav!.waitFor(1, 20_000);
    const gbav = watchlistClient(chain.certs, 'gbav', chain.kp.url);
    try {
      const ag01 = serializeLo3({ berichtType: 'Ag01', status: 'A', datum: '00000000', plData: { c01: [{ e0110: DECEASED.anummer, e0120: DECEASED.bsn }] } });
      expect((await gbav.send(ag01)).status).toBe(202);
      await until('volgindicatie placed', async () => {
        const a = await chain.kp.store.tables<{ afnemersindicaties: { bsn_hash: string; status: string } }>().selectFrom('afnemersindicaties').select('status')
          .where('bsn_hash', '=', chain.kp.store.bsnHash(DECEASED.bsn)).executeTakeFirst();
        return a?.status === 'geplaatst' ? true : undefined;
      });
      const res = await gbav.send(GV01_OVERLIJDEN);
      expect(res.status).toBe(202);
      await untilEvent(chain, res.body.id, 'delivered', 20_000);
      const item = await until('the worklist item', async () => {
        const list = await pgb.get('/v1/pgb/worklist?source=brp');
        return list.body.items.length > 0 ? list.body.items : undefined;
      });
      expect(item).toMatchObject([{ diagnosis: 'budgethouder-overleden', source: 'brp', budget: { afzender: '0384', budgetIdentificatie: 'PGB-DOOD-1' }, detail: { gebeurtenis: 'overleden', datum: '2025-09-01' }, status: 'open' }]);
      expect(item[0].action).toMatch(/Beëindig de TKB/);
    } finally {
      await gbav.close();
    }
  }, 60_000);
});

export { testBsn };
