// The budget ledger's update logic, in two halves so it can be written in the message's own transaction:
// `*Rows(model, context)` turns a canonical iPgb model into the rows to write (pure: no clock, no database),
// and `writeLedgerRows(trx, rows)` writes them in a transaction it is given: at ingest the message's own
// (pgb/inspector.ts, Inspection.persist), elsewhere a group commit of its own (PgbLedger.apply).
import type { Kysely } from 'kysely';
import { amsterdamMidnight, civilDateOf, dayNumberOf, toDayNumber, yearOf } from '../deadlines/civil-date.ts';
import { workingDayDeadline } from '../deadlines/index.ts';
import type { BudgetafsluitingIn, ToekenningIn, ToekenningRetourIn } from './ledger-input.ts';
import { rejectionCodesOf, wetOf } from './ledger-input.ts';
import type { BudgetState, FunctieBudgetRow, PgbDeadlinesTable, PgbTables } from './tables.ts';

/** OP522 and the Afsluiten process: a BAB comes 14 weeks (98 days) after the period's end or after 31-12. */
export const BAB_AFTER_DAYS = 98;
/** Working days within which a retour on a TKB is expected (the iStandaarden retour term, OP090/IV028: an assumption for iPgb). */
export const RETOUR_WERKDAGEN = 3;

export type LedgerRow =
  | { kind: 'budgethouder'; bsnHash: string; bsnKeyId: string; bsnBlob: Buffer; at: number }
  | {
    kind: 'tkb'; afzender: string; budgetId: string; bsnHash: string; wet: string; budgetIdOud: string | null; messageId: string;
    identificatie: string; dagtekening: string; at: number; functiebudgetten: FunctieBudgetRow[]; periodeBegin: string; periodeEinde: string;
  }
  | { kind: 'retour'; afzender: string; identificatie: string; messageId: string; at: number; codes: string[] }
  | {
    kind: 'bab'; messageId: string; line: number; identificatie: string; afzender: string; budgetId: string; bsnHash: string; zorgfunctie: string; begin: string;
    einde: string; reden: string; besteed: number; vvBesteed: number | null; ziekengeld: number | null; toegekend: number | null;
    vvToegekend: number | null; bovenBudget: boolean; at: number;
  }
  /** A TKB is full-state: the BAB deadlines of the budget's earlier version give way to those of the new one. */
  | { kind: 'deadlines-replace'; afzender: string; budgetId: string; bsnHash: string }
  | { kind: 'deadline'; row: PgbDeadlinesTable };

export interface TkbContext {
  /** Id of the stored 501. */
  messageId: string;
  at: Date;
  bsnHash: string;
  /** The BSN sealed by store.seal(budgethouderAad(bsnHash), …). */
  sealedBsn: { keyId: string; blob: Buffer };
}

export const budgethouderAad = (bsnHash: string) => `pgb-budgethouder:${bsnHash}`;

const shortHash = (h: string) => h.slice(0, 16);

/** Rows for a TKB (WMO501/JW501) the municipality sent: a new version of its budget, state `verzonden`. */
export function tkbRows(m: ToekenningIn, ctx: TkbContext): LedgerRow[] {
  const at = ctx.at.getTime();
  const afzender = m.header.afzender;
  const b = m.client.budget;
  const functiebudgetten: FunctieBudgetRow[] = b.functieBudgetten.map((f) => ({
    zorgfunctie: f.zorgfunctie, begin: f.functieBudgetPeriode.begindatum, einde: f.functieBudgetPeriode.einddatum,
    bedrag: f.functieBudgetBedrag, vv: f.verantwoordingsvrijBedrag ?? null,
  }));
  const begins = functiebudgetten.map((f) => f.begin).sort();
  const eindes = functiebudgetten.map((f) => f.einde).sort();
  const key = { afzender, budgetId: b.budgetIdentificatie, bsnHash: ctx.bsnHash };
  const rows: LedgerRow[] = [
    { kind: 'budgethouder', bsnHash: ctx.bsnHash, bsnKeyId: ctx.sealedBsn.keyId, bsnBlob: ctx.sealedBsn.blob, at },
    {
      kind: 'tkb', ...key, wet: wetOf(m.type), budgetIdOud: b.budgetIdentificatieOud ?? null, messageId: ctx.messageId,
      identificatie: m.header.berichtIdentificatie.identificatie, dagtekening: m.header.berichtIdentificatie.dagtekening, at, functiebudgetten,
      periodeBegin: b.budgetPeriode?.begindatum ?? begins[0] ?? '', periodeEinde: b.budgetPeriode?.einddatum ?? eindes[eindes.length - 1] ?? '',
    },
    { kind: 'deadlines-replace', ...key },
    { kind: 'deadline', row: deadlineRow('retour', key, null, ctx.messageId, workingDayDeadline(ctx.at, RETOUR_WERKDAGEN).getTime(), `retour:${ctx.messageId}`) },
  ];
  for (const d of babDeadlines(functiebudgetten)) {
    rows.push({ kind: 'deadline', row: deadlineRow(d.kind, key, d.zorgfunctie, ctx.messageId, d.dueAt, `${d.kind}:${afzender}:${shortHash(ctx.bsnHash)}:${b.budgetIdentificatie}:${d.zorgfunctie}:${d.begin}:${d.year ?? ''}`) });
  }
  return rows;
}

function deadlineRow(kind: PgbDeadlinesTable['kind'], key: { afzender: string; budgetId: string; bsnHash: string }, zorgfunctie: string | null, messageId: string, dueAt: number, id: string): PgbDeadlinesTable {
  return { id, kind, afzender: key.afzender, budget_id: key.budgetId, bsn_hash: key.bsnHash, zorgfunctie, message_id: messageId, due_at: dueAt, met_at: null, alerted_at: null };
}

/**
 * When BABs are due for these functiebudgetten (OP522): 14 weeks after each period's end (reden 1), and for
 * a period running over 31-12, 14 weeks after every 31-12 it crosses (reden 2). A withdrawal (bedrag 0,
 * begin = einde) expects no period-end BAB of its own.
 */
export function babDeadlines(functiebudgetten: readonly FunctieBudgetRow[]): { kind: 'bab-einde' | 'bab-jaar'; zorgfunctie: string; begin: string; year?: number; dueAt: number }[] {
  const out: { kind: 'bab-einde' | 'bab-jaar'; zorgfunctie: string; begin: string; year?: number; dueAt: number }[] = [];
  for (const f of functiebudgetten) {
    if (f.bedrag === 0 && f.begin === f.einde) continue;
    const begin = toDayNumber(f.begin);
    const einde = toDayNumber(f.einde);
    out.push({ kind: 'bab-einde', zorgfunctie: f.zorgfunctie, begin: f.begin, dueAt: amsterdamMidnight(einde + BAB_AFTER_DAYS + 1).getTime() });
    for (let year = yearOf(begin); year < yearOf(einde); year++) {
      const dec31 = dayNumberOf(year, 12, 31);
      out.push({ kind: 'bab-jaar', zorgfunctie: f.zorgfunctie, begin: f.begin, year, dueAt: amsterdamMidnight(dec31 + BAB_AFTER_DAYS + 1).getTime() });
    }
  }
  return out;
}

/** Rows for a retour (WMO502/JW502) on a TKB: it names the TKB by the heen header it copies (IV028). */
export function retourRows(m: ToekenningRetourIn, ctx: { messageId: string; at: Date }): LedgerRow[] {
  return [{
    kind: 'retour', afzender: m.header.afzender, identificatie: m.header.berichtIdentificatie.identificatie,
    messageId: ctx.messageId, at: ctx.at.getTime(), codes: rejectionCodesOf(m),
  }];
}

/** What the ledger granted for one functiebudget of a budget, as the caller read it (PgbLedgerLookup.grantedFor). */
export type GrantedLookup = (budgetId: string, zorgfunctie: string, begin: string) => FunctieBudgetRow | undefined;

/** Rows for a BAB (WMO507/JW507): besteed against toegekend per functiebudget (TR512/TR513 compare the same). */
export function babRows(m: BudgetafsluitingIn, ctx: { messageId: string; at: Date; bsnHash: string; granted: GrantedLookup }): LedgerRow[] {
  const at = ctx.at.getTime();
  return m.client.functieBudgettenBesteed.map((f, i): LedgerRow => {
    const g = ctx.granted(f.budgetIdentificatie, f.zorgfunctie, f.bestedingsPeriode.begindatum);
    const vvBesteed = f.verantwoordingsvrijBedragBesteed ?? null;
    const boven = g !== undefined && (f.functieBudgetBesteed > g.bedrag || (vvBesteed !== null && g.vv !== null && vvBesteed > g.vv));
    return {
      kind: 'bab', messageId: ctx.messageId, line: i + 1, identificatie: m.header.berichtIdentificatie.identificatie, afzender: m.header.ontvanger, budgetId: f.budgetIdentificatie, bsnHash: ctx.bsnHash,
      zorgfunctie: f.zorgfunctie, begin: f.bestedingsPeriode.begindatum, einde: f.bestedingsPeriode.einddatum, reden: f.redenBudgetafsluiting,
      besteed: f.functieBudgetBesteed, vvBesteed, ziekengeld: f.ziekengeldBesteed ?? null, toegekend: g?.bedrag ?? null, vvToegekend: g?.vv ?? null,
      bovenBudget: boven || f.redenBudgetafsluiting === '3', at,
    };
  });
}

type Db = Kysely<PgbTables>;

export interface LedgerWriteResult {
  /** Persons whose set of active budgets may have changed (the BRP volgindicatie follows them). */
  persons: string[];
  /** Retours that named no TKB the ledger knows. */
  unknownRetours: number;
  /**
   * Budgets whose TKB was not booked because another TKB for them, whose retour is outstanding, got there first
   * (committed by a concurrent transaction after this one's level-3 read): TR507, found by the database.
   */
  retourOpenstaand: string[];
}

/** Writes ledger rows in the given transaction (or database). Idempotent per message: a row written twice is written once. */
export async function writeLedgerRows(trx: Kysely<any>, rows: readonly LedgerRow[]): Promise<LedgerWriteResult> {
  const db = trx as Db;
  const persons = new Set<string>();
  let unknownRetours = 0;
  const retourOpenstaand: string[] = [];
  for (const row of rows) {
    switch (row.kind) {
      case 'budgethouder':
        await db.insertInto('pgb_budgethouders').values({
          bsn_hash: row.bsnHash, bsn_key_id: row.bsnKeyId, bsn_blob: row.bsnBlob, gevolgd: 0,
          brp_gebeurtenis: null, brp_datum: null, brp_nieuwe_gemeente: null, brp_at: null, updated_at: row.at,
        }).onConflict((oc) => oc.column('bsn_hash').doNothing()).execute();
        break;
      case 'tkb':
        if (!(await writeTkb(db, row))) {
          retourOpenstaand.push(row.budgetId);
          return { persons: [], unknownRetours, retourOpenstaand };
        }
        persons.add(row.bsnHash);
        break;
      case 'retour': {
        const person = await writeRetour(db, row);
        if (person === undefined) unknownRetours++;
        else persons.add(person);
        break;
      }
      case 'bab':
        await writeBab(db, row);
        persons.add(row.bsnHash);
        break;
      case 'deadlines-replace':
        await db.deleteFrom('pgb_deadlines').where('afzender', '=', row.afzender).where('budget_id', '=', row.budgetId)
          .where('bsn_hash', '=', row.bsnHash).where('kind', '!=', 'retour').where('met_at', 'is', null).execute();
        break;
      case 'deadline':
        await db.insertInto('pgb_deadlines').values(row.row).onConflict((oc) => oc.column('id').doNothing()).execute();
        break;
    }
  }
  return { persons: [...persons], unknownRetours, retourOpenstaand };
}

/**
 * A new TKB version. The budget row is the claim: a new budget is inserted `on conflict do nothing`, an existing
 * one is moved to `verzonden` only from another state and from the version read. When another TKB for the budget
 * got there first — even one committed by a concurrent transaction after the level-3 read — nothing is written
 * and the answer is false (TR507: its retour is outstanding). PostgreSQL makes the second writer wait for the
 * first and then re-checks the condition on the committed row.
 */
async function writeTkb(db: Db, row: Extract<LedgerRow, { kind: 'tkb' }>): Promise<boolean> {
  const already = await db.selectFrom('pgb_tkb_versions').select('version').where('message_id', '=', row.messageId).executeTakeFirst();
  if (already) return true;
  const existing = await db.selectFrom('pgb_budgets').select(['versions']).where('afzender', '=', row.afzender)
    .where('bsn_hash', '=', row.bsnHash).where('budget_id', '=', row.budgetId).executeTakeFirst();
  const version = (existing?.versions ?? 0) + 1;
  const fb = JSON.stringify(row.functiebudgetten);
  const state: BudgetState = 'verzonden';
  const values = {
    wet: row.wet, budget_id_oud: row.budgetIdOud, state, versions: version, functiebudgetten: fb,
    periode_begin: row.periodeBegin, periode_einde: row.periodeEinde, retour_codes: null, updated_at: row.at,
  };
  const claimed = existing
    ? await db.updateTable('pgb_budgets').set(values).where('afzender', '=', row.afzender).where('bsn_hash', '=', row.bsnHash)
      .where('budget_id', '=', row.budgetId).where('state', '!=', 'verzonden').where('versions', '=', existing.versions).executeTakeFirst()
      .then((r) => Number(r.numUpdatedRows))
    : await db.insertInto('pgb_budgets').values({ afzender: row.afzender, budget_id: row.budgetId, bsn_hash: row.bsnHash, vervangen_door: null, created_at: row.at, ...values })
      .onConflict((oc) => oc.columns(['afzender', 'bsn_hash', 'budget_id']).doNothing()).executeTakeFirst()
      .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0n));
  if (claimed === 0) return false;
  await db.insertInto('pgb_tkb_versions').values({
    afzender: row.afzender, budget_id: row.budgetId, bsn_hash: row.bsnHash, version, message_id: row.messageId,
    berichtidentificatie: row.identificatie, dagtekening: row.dagtekening, sent_at: row.at, state: 'verzonden',
    functiebudgetten: fb, retour_message_id: null, retour_at: null, retour_codes: null,
  }).execute();
  return true;
}

/** The person the retour was about, or undefined when the ledger knows no TKB with that header. */
async function writeRetour(db: Db, row: Extract<LedgerRow, { kind: 'retour' }>): Promise<string | undefined> {
  const v = await db.selectFrom('pgb_tkb_versions').selectAll().where('afzender', '=', row.afzender)
    .where('berichtidentificatie', '=', row.identificatie).orderBy('sent_at', 'desc').limit(1).executeTakeFirst();
  if (!v) return undefined;
  if (v.retour_message_id !== null) return v.bsn_hash;
  const accepted = row.codes.length === 0;
  const codes = accepted ? null : row.codes.join(',');
  await db.updateTable('pgb_tkb_versions').set({ state: accepted ? 'geaccepteerd' : 'afgekeurd', retour_message_id: row.messageId, retour_at: row.at, retour_codes: codes })
    .where('afzender', '=', v.afzender).where('bsn_hash', '=', v.bsn_hash).where('budget_id', '=', v.budget_id).where('version', '=', v.version).execute();
  const budget = await db.selectFrom('pgb_budgets').selectAll().where('afzender', '=', v.afzender).where('bsn_hash', '=', v.bsn_hash)
    .where('budget_id', '=', v.budget_id).executeTakeFirst();
  if (budget && budget.versions === v.version) {
    await db.updateTable('pgb_budgets').set({ state: accepted ? 'geaccepteerd' : 'afgekeurd', retour_codes: codes, updated_at: row.at })
      .where('afzender', '=', v.afzender).where('bsn_hash', '=', v.bsn_hash).where('budget_id', '=', v.budget_id).execute();
    // OP501: an accepted budget that names an old one ends the old one's validity.
    if (accepted && budget.budget_id_oud !== null && budget.budget_id_oud !== budget.budget_id) {
      await db.updateTable('pgb_budgets').set({ state: 'gecorrigeerd', vervangen_door: budget.budget_id, updated_at: row.at })
        .where('afzender', '=', v.afzender).where('bsn_hash', '=', v.bsn_hash).where('budget_id', '=', budget.budget_id_oud).execute();
      await db.deleteFrom('pgb_deadlines').where('afzender', '=', v.afzender).where('bsn_hash', '=', v.bsn_hash)
        .where('budget_id', '=', budget.budget_id_oud).where('met_at', 'is', null).execute();
    }
  }
  await db.updateTable('pgb_deadlines').set({ met_at: row.at }).where('id', '=', `retour:${v.message_id}`).where('met_at', 'is', null).execute();
  return v.bsn_hash;
}

async function writeBab(db: Db, row: Extract<LedgerRow, { kind: 'bab' }>): Promise<void> {
  const inserted = await db.insertInto('pgb_babs').values({
    message_id: row.messageId, line: row.line, berichtidentificatie: row.identificatie, afzender: row.afzender, budget_id: row.budgetId, bsn_hash: row.bsnHash,
    zorgfunctie: row.zorgfunctie, begin: row.begin, einde: row.einde, reden: row.reden, besteed: row.besteed, vv_besteed: row.vvBesteed,
    ziekengeld: row.ziekengeld, toegekend: row.toegekend, vv_toegekend: row.vvToegekend, boven_budget: row.bovenBudget ? 1 : 0, received_at: row.at,
  }).onConflict((oc) => oc.columns(['message_id', 'line']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return;
  const kind = row.reden === '1' ? 'bab-einde' : row.reden === '2' ? 'bab-jaar' : undefined;
  if (kind !== undefined) {
    const due = await db.selectFrom('pgb_deadlines').select('id').where('kind', '=', kind).where('afzender', '=', row.afzender)
      .where('budget_id', '=', row.budgetId).where('bsn_hash', '=', row.bsnHash).where('zorgfunctie', '=', row.zorgfunctie)
      .where('met_at', 'is', null).orderBy('due_at').limit(1).executeTakeFirst();
    if (due) await db.updateTable('pgb_deadlines').set({ met_at: row.at }).where('id', '=', due.id).execute();
  }
  if (row.reden !== '1') return;
  // Every functiebudget of the budget closed with reden 1 → the budget is afgesloten.
  const budget = await db.selectFrom('pgb_budgets').select(['functiebudgetten', 'state']).where('afzender', '=', row.afzender)
    .where('bsn_hash', '=', row.bsnHash).where('budget_id', '=', row.budgetId).executeTakeFirst();
  if (!budget || budget.state === 'gecorrigeerd') return;
  const closed = await db.selectFrom('pgb_babs').select(['zorgfunctie', 'begin']).where('afzender', '=', row.afzender)
    .where('bsn_hash', '=', row.bsnHash).where('budget_id', '=', row.budgetId).where('reden', '=', '1').execute();
  const done = new Set(closed.map((c) => `${c.zorgfunctie}|${c.begin}`));
  const open = (JSON.parse(budget.functiebudgetten) as FunctieBudgetRow[]).filter((f) => !(f.bedrag === 0 && f.begin === f.einde) && !done.has(`${f.zorgfunctie}|${f.begin}`));
  if (open.length === 0) {
    await db.updateTable('pgb_budgets').set({ state: 'afgesloten', updated_at: row.at }).where('afzender', '=', row.afzender)
      .where('bsn_hash', '=', row.bsnHash).where('budget_id', '=', row.budgetId).execute();
  }
}

/** 'YYYY-MM-DD' of an instant in Europe/Amsterdam. */
export function civilDate(at: Date): string {
  return civilDateOf(toDayNumber(at));
}
