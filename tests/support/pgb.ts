// PGB test material: BSNs that pass the 11-proef (generated, never from the corpus), TKB/retour/BAB models in
// the shape the ledger reads, and an uitvallijst whose rows cover every diagnosis with the diagnosis each
// row must get. Used by the pgb tests and bench/pgb-reconcile.ts.
import ExcelJS from 'exceljs';
import type { BudgetafsluitingIn, ToekenningIn, ToekenningRetourIn } from '../../pgb/ledger-input.ts';
import type { Diagnosis } from '../../pgb/diagnoses.ts';
import type { PgbLedger } from '../../pgb/apply.ts';

/** The n-th generated BSN (prefix 71, so it is no corpus BSN), 11-proef valid. */
export function testBsn(n: number): string {
  for (let k = n * 11; ; k++) {
    const body = `71${String(k % 1_000_000).padStart(6, '0')}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(body[i]) * (9 - i);
    const check = sum % 11;
    if (check < 10) return `${body}${check}`;
  }
}

export const GEMEENTE = '0384';

export function tkb(o: { bsn: string; budgetId: string; oud?: string; zorgfunctie?: string; begin?: string; einde?: string; bedrag?: number; vv?: number; identificatie: string; wet?: 'wmo' | 'jw' }): ToekenningIn {
  return {
    type: o.wet === 'jw' ? 'JW501' : 'WMO501',
    header: { afzender: GEMEENTE, berichtIdentificatie: { identificatie: o.identificatie, dagtekening: '2026-01-05' } },
    client: {
      bsn: o.bsn,
      budget: {
        budgetIdentificatie: o.budgetId, ...(o.oud ? { budgetIdentificatieOud: o.oud } : {}),
        functieBudgetten: [{
          zorgfunctie: o.zorgfunctie ?? '02', functieBudgetPeriode: { begindatum: o.begin ?? '2026-01-01', einddatum: o.einde ?? '2026-12-31' },
          functieBudgetBedrag: o.bedrag ?? 1_200_000, ...(o.vv !== undefined ? { verantwoordingsvrijBedrag: o.vv } : {}),
        }],
      },
    },
  };
}

export function retour(t: ToekenningIn, codes: string[] = []): ToekenningRetourIn {
  const b = t.client.budget;
  return {
    type: t.type === 'JW501' ? 'JW502' : 'WMO502',
    header: { ...t.header, identificatieRetour: `R${t.header.berichtIdentificatie.identificatie}`.slice(0, 12), dagtekeningRetour: '2026-01-07', retourCodes: [] },
    ...(codes.length > 0 ? {
      client: {
        bsn: t.client.bsn, retourCodes: ['0200'],
        budget: { budgetIdentificatie: b.budgetIdentificatie, retourCodes: ['0200'], functieBudgetten: b.functieBudgetten.map((f) => ({ ...f, retourCodes: codes })) },
      },
    } : {}),
  };
}

export function bab(t: ToekenningIn, besteed: number, reden: '1' | '2' | '3' = '1'): BudgetafsluitingIn {
  const f = t.client.budget.functieBudgetten[0]!;
  return {
    type: t.type === 'JW501' ? 'JW507' : 'WMO507',
    header: { ontvanger: t.header.afzender, berichtIdentificatie: { identificatie: `B${t.header.berichtIdentificatie.identificatie}`.slice(0, 12), dagtekening: '2027-04-09' } },
    client: { bsn: t.client.bsn, functieBudgettenBesteed: [{ budgetIdentificatie: t.client.budget.budgetIdentificatie, zorgfunctie: f.zorgfunctie, bestedingsPeriode: f.functieBudgetPeriode, redenBudgetafsluiting: reden, functieBudgetBesteed: besteed }] },
  };
}

export interface ListRow {
  bsn: string;
  budgetIdentificatie?: string;
  zorgfunctie?: string;
  begin?: string;
  einde?: string;
  /** Euro text as the default layout writes it ("1.234,56"). */
  bedrag?: string;
  reden?: string;
  expected: Diagnosis;
  weak?: boolean;
}

const DIAGNOSES_IN_LIST: Diagnosis[] = [
  'tkb-afgekeurd', 'geen-tkb', 'geen-retour', 'overlappende-perioden', 'boven-budget', 'budgethouder-overleden', 'budgethouder-geemigreerd',
  'budgethouder-verhuisd', 'niet-gevonden', 'onverklaard',
];

let seq = 0;
const nextId = () => `T${String(++seq).padStart(8, '0')}`;

/**
 * Seeds the ledger for `perDiagnosis` persons of every diagnosis and returns the uitvallijst rows (two rows
 * for some persons: once by BudgetIdentificatie, once weakly by BSN). BRP diagnoses need the person's
 * pgb_budgethouders row marked by `markBrp` (the consumer's work, done directly here).
 */
export async function seedScenario(ledger: PgbLedger, perDiagnosis: number, offset = 0, markBrp?: (bsn: string, gebeurtenis: string, nieuweGemeente?: string) => Promise<void>): Promise<ListRow[]> {
  const rows: ListRow[] = [];
  let n = offset;
  const at = new Date('2026-01-05T10:00:00Z');
  for (const diagnosis of DIAGNOSES_IN_LIST) {
    // The persons of one diagnosis are seeded at once, so their writes share group commits; rows keep their order.
    const persons = Array.from({ length: perDiagnosis }, () => ++n);
    const perPerson = await Promise.all(persons.map(async (p) => {
      const rows: ListRow[] = [];
      const bsn = testBsn(p);
      const n = p;
      const budgetId = `PGB-${n}`;
      const base = tkb({ bsn, budgetId, identificatie: nextId() });
      const send = async (t: ToekenningIn) => { await ledger.recordTkb(t, { messageId: `msg-${t.header.berichtIdentificatie.identificatie}`, at }); };
      const answer = async (t: ToekenningIn, codes: string[] = []) => { await ledger.recordRetour(retour(t, codes), { messageId: `ret-${t.header.berichtIdentificatie.identificatie}`, at: new Date(at.getTime() + 86_400_000) }); };
      switch (diagnosis) {
        case 'tkb-afgekeurd':
          await send(base); await answer(base, ['9502']);
          rows.push({ bsn, budgetIdentificatie: budgetId, zorgfunctie: '02', begin: '01-01-2026', einde: '31-12-2026', bedrag: '1.234,56', reden: 'Geen geldige toekenning', expected: diagnosis });
          break;
        case 'geen-tkb':
          rows.push({ bsn, budgetIdentificatie: budgetId, zorgfunctie: '02', begin: '01-01-2026', einde: '31-12-2026', bedrag: '250,00', reden: 'Budget onbekend', expected: diagnosis });
          break;
        case 'geen-retour':
          await send(base);
          rows.push({ bsn, budgetIdentificatie: budgetId, bedrag: '99,95', reden: 'Toekenning in behandeling', expected: diagnosis });
          break;
        case 'overlappende-perioden': {
          await send(base); await answer(base);
          const second = tkb({ bsn, budgetId: `${budgetId}-B`, begin: '2026-06-01', einde: '2027-05-31', identificatie: nextId() });
          await send(second); await answer(second);
          rows.push({ bsn, budgetIdentificatie: `${budgetId}-B`, zorgfunctie: '02', begin: '01-06-2026', einde: '31-05-2027', bedrag: '500,00', reden: 'Overlap', expected: diagnosis });
          break;
        }
        case 'boven-budget':
          await send(base); await answer(base);
          await ledger.recordBab(bab(base, 1_500_000, '3'), { messageId: `bab-${budgetId}`, at: new Date('2027-04-09T10:00:00Z') });
          rows.push({ bsn, budgetIdentificatie: budgetId, zorgfunctie: '02', bedrag: '3.000,00', reden: 'Bestedingsconflict', expected: diagnosis });
          break;
        case 'budgethouder-overleden': case 'budgethouder-geemigreerd': case 'budgethouder-verhuisd':
          await send(base); await answer(base);
          await markBrp?.(bsn, diagnosis === 'budgethouder-overleden' ? 'overleden' : diagnosis === 'budgethouder-geemigreerd' ? 'geemigreerd' : 'verhuisd.intergemeentelijk', diagnosis === 'budgethouder-verhuisd' ? '0599' : undefined);
          rows.push({ bsn, budgetIdentificatie: budgetId, bedrag: '10,00', reden: 'BRP', expected: diagnosis });
          break;
        case 'niet-gevonden':
          rows.push({ bsn, bedrag: '1,00', reden: 'Onbekend', expected: diagnosis });
          break;
        case 'onverklaard':
          await send(base); await answer(base);
          // Found by BSN + zorgfunctie + period (no BudgetIdentificatie on the row).
          rows.push({ bsn, zorgfunctie: '2', begin: '2026-03-01', einde: '2026-03-31', bedrag: '75,50', reden: 'Declaratie afgewezen', expected: diagnosis });
          // And once by BSN alone: a weak match.
          rows.push({ bsn, bedrag: '5,00', reden: 'Overig', expected: diagnosis, weak: true });
          break;
      }
      return rows;
    }));
    rows.push(...perPerson.flat());
  }
  return rows;
}

export const LIST_HEADER = ['BSN', 'Budgetnummer', 'Zorgfunctie', 'Periode van', 'Periode tot', 'Bedrag uitval', 'Reden uitval', 'Naam budgethouder'];

function cells(r: ListRow): string[] {
  return [r.bsn, r.budgetIdentificatie ?? '', r.zorgfunctie ?? '', r.begin ?? '', r.einde ?? '', r.bedrag ?? '', r.reden ?? '', 'X'];
}

/** The rows as a ';'-separated CSV with the default layout's headers (quoted where needed). */
export function listCsv(rows: readonly ListRow[], header: readonly string[] = LIST_HEADER): Buffer {
  const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from([header.map(q).join(';'), ...rows.map((r) => cells(r).map(q).join(';'))].join('\r\n') + '\r\n', 'utf8');
}

/** The same rows as an XLSX (BSN as a number cell, dates as date cells, amounts as numbers), written by exceljs. */
export async function listXlsx(rows: readonly ListRow[], header: readonly string[] = LIST_HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Uitval');
  ws.addRow([...header]);
  const date = (s?: string) => {
    if (!s) return null;
    const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s);
    return m ? new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))) : s;
  };
  for (const r of rows) {
    const amount = r.bedrag ? Number(r.bedrag.replace(/\./g, '').replace(',', '.')) : null;
    ws.addRow([Number(r.bsn), r.budgetIdentificatie ?? null, r.zorgfunctie ? Number(r.zorgfunctie) : null, date(r.begin), date(r.einde), amount, r.reden ?? null, 'X']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
