// The budget ledger against the real store (SQLite and PostgreSQL): the rows a TKB, its retour and a BAB make,
// written by writeLedgerRows in a transaction; the states verzonden → afgekeurd → (resend) → geaccepteerd →
// gecorrigeerd (replaced) → afgesloten; the deadlines OP522 sets; PgbLedgerLookup answering the level-3 rules.
import type { Kysely } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { PgbDeadlineMonitor } from '../../../pgb/deadline-monitor.ts';
import { Worklist } from '../../../pgb/worklist.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgbLedger } from '../../../pgb/apply.ts';
import { babDeadlines, writeLedgerRows } from '../../../pgb/ledger.ts';
import { StorePgbLedgerLookup } from '../../../pgb/ledger-lookup.ts';
import { pgbMigrations } from '../../../pgb/migrations.ts';
import type { PgbTables } from '../../../pgb/tables.ts';
import { freshStore, type FreshStore } from '../../support/db.ts';
import { bab, retour, testBsn, tkb } from '../../support/pgb.ts';

let fs: FreshStore;
let ledger: PgbLedger;
let db: Kysely<PgbTables>;
const bsn = testBsn(9001);
const T0 = new Date('2026-01-05T09:00:00Z');

beforeAll(async () => {
  fs = await freshStore({ migrations: pgbMigrations });
  ledger = new PgbLedger({ store: fs.store });
  db = fs.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
});

afterAll(async () => {
  await fs?.cleanup();
});

const budget = (id: string) => db.selectFrom('pgb_budgets').selectAll().where('budget_id', '=', id).executeTakeFirstOrThrow();

describe('budget ledger', () => {
  const first = tkb({ bsn, budgetId: 'B-1', identificatie: 'L0001', begin: '2026-01-01', einde: '2027-03-31', bedrag: 1_000_000, vv: 50_000 });
  const lookup = () => new StorePgbLedgerLookup(fs.store);

  it('makes the rows as a pure function and writes them in a given transaction', async () => {
    const rows = ledger.tkbRows(first, { messageId: 'm-1', at: T0 });
    expect(rows.map((r) => r.kind)).toEqual(['budgethouder', 'tkb', 'deadlines-replace', 'deadline', 'deadline', 'deadline']);
    expect(JSON.stringify(rows.filter((r) => r.kind !== 'budgethouder'))).not.toContain(bsn);
    const result = await db.transaction().execute((trx) => writeLedgerRows(trx, rows));
    expect(result.persons).toEqual([fs.store.bsnHash(bsn)]);
    expect(await budget('B-1')).toMatchObject({ state: 'verzonden', versions: 1, afzender: '0384', wet: 'wmo', periode_begin: '2026-01-01', periode_einde: '2027-03-31' });
    // Written twice (a redelivered message) is written once.
    await db.transaction().execute((trx) => writeLedgerRows(trx, rows));
    expect((await budget('B-1')).versions).toBe(1);
    expect(await lookup().budget({ gemeente: '0384', bsn, budgetIdentificatie: 'B-1' })).toEqual({ budgetIdentificatie: 'B-1', wet: 'wmo', retourOpenstaand: true, geaccepteerd: false, vervangen: false, functieBudgetten: [] });
    expect(await lookup().identificatieGebruikt({ afzender: '0384', type: 'WMO501', identificatie: 'L0001' })).toBe(true);
    expect(await lookup().identificatieGebruikt({ afzender: '0384', type: 'JW501', identificatie: 'L0001' })).toBe(false);
  });

  it('sets the deadlines: a retour in 3 working days, a BAB 14 weeks after the end and after 31-12 (OP522)', async () => {
    const d = await db.selectFrom('pgb_deadlines').select(['kind', 'due_at']).where('budget_id', '=', 'B-1').orderBy('kind').execute();
    expect(d.map((x) => [x.kind, new Date(Number(x.due_at)).toISOString()])).toEqual([
      ['bab-einde', '2027-07-07T22:00:00.000Z'], // 2027-03-31 + 98 days = 2027-07-07, due at the end of that day (Amsterdam)
      ['bab-jaar', '2027-04-08T22:00:00.000Z'], // 2026-12-31 + 98 days = 2027-04-08
      ['retour', '2026-01-08T23:00:00.000Z'], // received Monday 5 January: working day 3 is Thursday 8 January
    ]);
    expect(babDeadlines([{ zorgfunctie: '02', begin: '2026-02-01', einde: '2026-02-01', bedrag: 0, vv: null }])).toEqual([]);
  });

  it('records a rejecting retour: afgekeurd with its codes; TR574 lets the corrected resend reuse the identificatie', async () => {
    await ledger.recordRetour(retour(first, ['9503']), { messageId: 'r-1', at: new Date(T0.getTime() + 3_600_000) });
    expect(await budget('B-1')).toMatchObject({ state: 'afgekeurd', retour_codes: '9503' });
    expect(await lookup().budget({ gemeente: '0384', bsn, budgetIdentificatie: 'B-1' })).toMatchObject({ retourOpenstaand: false, geaccepteerd: false });
    const met = await db.selectFrom('pgb_deadlines').select('met_at').where('id', '=', 'retour:m-1').executeTakeFirstOrThrow();
    expect(met.met_at).not.toBeNull();
  });

  it('records the corrected TKB as version 2 and its approving retour: geaccepteerd', async () => {
    const corrected = tkb({ bsn, budgetId: 'B-1', identificatie: 'L0002', begin: '2026-01-01', einde: '2027-03-31', bedrag: 1_000_000, vv: 40_000 });
    await ledger.recordTkb(corrected, { messageId: 'm-2', at: T0 });
    expect(await budget('B-1')).toMatchObject({ state: 'verzonden', versions: 2 });
    await ledger.recordRetour(retour(corrected), { messageId: 'r-2', at: T0 });
    expect(await budget('B-1')).toMatchObject({ state: 'geaccepteerd', versions: 2, retour_codes: null });
    const versions = await db.selectFrom('pgb_tkb_versions').select(['version', 'state', 'retour_codes']).where('budget_id', '=', 'B-1').orderBy('version').execute();
    expect(versions.map((v) => [Number(v.version), v.state, v.retour_codes])).toEqual([[1, 'afgekeurd', '9503'], [2, 'geaccepteerd', null]]);
    expect(await lookup().budget({ gemeente: '0384', bsn, budgetIdentificatie: 'B-1' })).toEqual({
      budgetIdentificatie: 'B-1', wet: 'wmo', retourOpenstaand: false, geaccepteerd: true, vervangen: false,
      functieBudgetten: [{ zorgfunctie: '02', begindatum: '2026-01-01', einddatum: '2027-03-31', functieBudgetBedrag: 1_000_000, verantwoordingsvrijBedrag: 40_000 }],
    });
    expect(await lookup().heeftToekenning({ gemeente: '0384', bsn, wet: 'wmo' })).toBe(true);
    expect(await lookup().heeftToekenning({ gemeente: '0384', bsn, wet: 'jw' })).toBe(false);
  });

  it('ends the old budget when a replacing one (BudgetIdentificatieOud) is accepted: gecorrigeerd', async () => {
    const replacing = tkb({ bsn, budgetId: 'B-2', oud: 'B-1', identificatie: 'L0003', begin: '2026-01-01', einde: '2026-06-30', bedrag: 600_000 });
    await ledger.recordTkb(replacing, { messageId: 'm-3', at: T0 });
    expect((await budget('B-1')).state).toBe('geaccepteerd');
    await ledger.recordRetour(retour(replacing), { messageId: 'r-3', at: T0 });
    expect(await budget('B-1')).toMatchObject({ state: 'gecorrigeerd', vervangen_door: 'B-2' });
    expect((await lookup().budgetten({ gemeente: '0384', bsn, wet: 'wmo' })).map((b) => [b.budgetIdentificatie, b.vervangen, b.geaccepteerd])).toEqual([['B-1', true, true], ['B-2', false, true]]);
    expect((await lookup().budget({ gemeente: '0384', bsn, budgetIdentificatie: 'B-2' }))!.functieBudgetten).toMatchObject([{ functieBudgetBedrag: 600_000 }]);
  });

  it('records a BAB: besteed against toegekend, above budget flagged, the deadline met, the budget afgesloten', async () => {
    const replacing = tkb({ bsn, budgetId: 'B-2', oud: 'B-1', identificatie: 'L0003', begin: '2026-01-01', einde: '2026-06-30', bedrag: 600_000 });
    await ledger.recordBab(bab(replacing, 650_000, '1'), { messageId: 'b-1', at: new Date('2026-10-06T08:00:00Z') });
    const line = await db.selectFrom('pgb_babs').selectAll().where('message_id', '=', 'b-1').executeTakeFirstOrThrow();
    expect({ besteed: Number(line.besteed), toegekend: Number(line.toegekend), boven: Number(line.boven_budget) }).toEqual({ besteed: 650_000, toegekend: 600_000, boven: 1 });
    expect((await budget('B-2')).state).toBe('afgesloten');
    expect(await lookup().identificatieGebruikt({ afzender: 'SVB', type: 'WMO507', identificatie: 'BL0003' })).toBe(true);
    const due = await db.selectFrom('pgb_deadlines').select(['kind', 'met_at']).where('budget_id', '=', 'B-2').where('kind', '=', 'bab-einde').executeTakeFirstOrThrow();
    expect(due.met_at).not.toBeNull();
  });

  it('names no TKB for a retour it does not know, and writes nothing', async () => {
    const stranger = tkb({ bsn: testBsn(9002), budgetId: 'X', identificatie: 'NOPE' });
    const r = await ledger.recordRetour(retour(stranger), { messageId: 'r-x', at: T0 });
    expect(r).toEqual({ persons: [], unknownRetours: 1, retourOpenstaand: [] });
  });
});

describe('deadlines to worklist items', () => {
  it('raises each missed retour and BAB once, as geen-retour and geen-bab on the budget', async () => {
    const late = tkb({ bsn: testBsn(9003), budgetId: 'B-LATE', identificatie: 'L0009', begin: '2026-01-01', einde: '2026-03-31' });
    await ledger.recordTkb(late, { messageId: 'm-late', at: T0 });
    const worklist = new Worklist(fs.store);
    const registry = new Registry();
    const monitor = new PgbDeadlineMonitor({ store: fs.store, worklist, logger: pino({ level: 'silent' }), registry }, 0);
    // A day after the retour was due: only the retour.
    await monitor.scan(new Date('2026-01-10T12:00:00Z'));
    let items = (await worklist.list({ source: 'termijn' })).items.filter((i) => i.budget_id === 'B-LATE');
    expect(items.map((i) => i.diagnosis)).toEqual(['geen-retour']);
    // After 2026-03-31 + 98 days: the BAB too; the retour is not raised again.
    await monitor.scan(new Date('2026-07-09T12:00:00Z'));
    await monitor.scan(new Date('2026-07-10T12:00:00Z'));
    items = (await worklist.list({ source: 'termijn' })).items.filter((i) => i.budget_id === 'B-LATE');
    expect(items.map((i) => i.diagnosis).sort()).toEqual(['geen-bab', 'geen-retour']);
    expect(JSON.parse(items.find((i) => i.diagnosis === 'geen-bab')!.detail)).toEqual({ termijn: 'bab-einde', uiterlijk: '2026-07-07T22:00:00.000Z' });
    expect(await registry.getSingleMetricAsString('kp_pgb_deadlines_missed_total')).toContain('kind="retour"} 1');
  });
  it('books no second TKB for a budget whose retour is outstanding (TR507 found by the database), and nothing of it', async () => {
    const one = tkb({ bsn, budgetId: 'C-1', identificatie: 'L0101' });
    const two = tkb({ bsn, budgetId: 'C-1', identificatie: 'L0102' });
    expect((await ledger.recordTkb(one, { messageId: 'c-1', at: T0 })).retourOpenstaand).toEqual([]);
    const second = await ledger.recordTkb(two, { messageId: 'c-2', at: T0 });
    expect(second).toEqual({ persons: [], unknownRetours: 0, retourOpenstaand: ['C-1'] });
    expect(await db.selectFrom('pgb_tkb_versions').select('message_id').where('budget_id', '=', 'C-1').execute()).toEqual([{ message_id: 'c-1' }]);
    // Once its retour is in, the next version is booked.
    await ledger.recordRetour(retour(one, ['9502']), { messageId: 'c-r1', at: T0 });
    expect((await ledger.recordTkb(two, { messageId: 'c-2', at: T0 })).retourOpenstaand).toEqual([]);
    expect(await budget('C-1')).toMatchObject({ state: 'verzonden', versions: 2 });
  });
});
