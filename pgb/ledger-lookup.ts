// The level-3 rules of the iPgb adapter (TR502, TR507, TR509, TR510, TR512/513, TR514, TR562, TR574) read
// the ledger through this interface. It is declared here with the same name as the adapter's
// (adapters/ipgb on the `ipgb` branch), so both sides meet at merge; the store-backed implementation is ours.
import type { Kysely } from 'kysely';
import type { Store } from '../store/index.ts';
import type { PgbPeriode, PgbWet } from './ledger-input.ts';
import type { FunctieBudgetRow, PgbTables } from './tables.ts';

export interface LedgerFunctieBudget {
  budgetIdentificatie: string;
  zorgfunctie: string;
  periode: PgbPeriode;
  bedrag: number;
  verantwoordingsvrijBedrag?: number;
  /** BudgetIdentificatieOud of the budget it belongs to. */
  budgetIdentificatieOud?: string;
}

export interface PgbLedgerLookup {
  /** TR574: Afzender + Bsn + BudgetIdentificatie already used by a TKB that was not rejected. */
  budgetIdentificatieInUse(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean>;
  /** TR507: the latest TKB on this budget still waits for its retour. */
  retourOutstanding(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean>;
  /** TR562: an earlier TKB of this sender for this client carried this BudgetIdentificatie. */
  budgetKnown(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean>;
  /** TR509: an earlier TKB of this municipality under this law for this BSN. */
  hasToekenning(gemeente: string, bsn: string, wet: PgbWet): Promise<boolean>;
  /** TR510/TR512/TR513: the granted functiebudget a BAB line refers to (same budget, zorgfunctie, begin date). */
  grantedFunctieBudget(gemeente: string, bsn: string, budgetIdentificatie: string, zorgfunctie: string, begindatum: string): Promise<LedgerFunctieBudget | undefined>;
  /** TR502/TR514: every functiebudget of this zorgfunctie granted by this sender to this client, on budgets not rejected or replaced. */
  functieBudgetten(afzender: string, bsn: string, zorgfunctie: string): Promise<LedgerFunctieBudget[]>;
}

/** PgbLedgerLookup on the store's pgb tables. */
export class StorePgbLedgerLookup implements PgbLedgerLookup {
  constructor(private readonly store: Pick<Store, 'tables' | 'bsnHash'>) {}

  private get db(): Kysely<PgbTables> {
    return this.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  }

  private budget(afzender: string, bsn: string, budgetIdentificatie: string) {
    return this.db.selectFrom('pgb_budgets').selectAll().where('afzender', '=', afzender)
      .where('bsn_hash', '=', this.store.bsnHash(bsn)).where('budget_id', '=', budgetIdentificatie).executeTakeFirst();
  }

  async budgetIdentificatieInUse(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean> {
    // ipgb.md §6 #10: only TKBs that were not rejected count, so a corrected resend may reuse the identificatie.
    const b = await this.budget(afzender, bsn, budgetIdentificatie);
    return b !== undefined && b.state !== 'afgekeurd';
  }

  async retourOutstanding(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean> {
    return (await this.budget(afzender, bsn, budgetIdentificatie))?.state === 'verzonden';
  }

  async budgetKnown(afzender: string, bsn: string, budgetIdentificatie: string): Promise<boolean> {
    return (await this.budget(afzender, bsn, budgetIdentificatie)) !== undefined;
  }

  async hasToekenning(gemeente: string, bsn: string, wet: PgbWet): Promise<boolean> {
    const row = await this.db.selectFrom('pgb_budgets').select('budget_id').where('afzender', '=', gemeente)
      .where('bsn_hash', '=', this.store.bsnHash(bsn)).where('wet', '=', wet).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async grantedFunctieBudget(gemeente: string, bsn: string, budgetIdentificatie: string, zorgfunctie: string, begindatum: string): Promise<LedgerFunctieBudget | undefined> {
    const b = await this.budget(gemeente, bsn, budgetIdentificatie);
    if (!b) return undefined;
    const f = (JSON.parse(b.functiebudgetten) as FunctieBudgetRow[]).find((x) => x.zorgfunctie === zorgfunctie && x.begin === begindatum);
    return f ? toLedger(b.budget_id, b.budget_id_oud, f) : undefined;
  }

  async functieBudgetten(afzender: string, bsn: string, zorgfunctie: string): Promise<LedgerFunctieBudget[]> {
    const rows = await this.db.selectFrom('pgb_budgets').select(['budget_id', 'budget_id_oud', 'functiebudgetten']).where('afzender', '=', afzender)
      .where('bsn_hash', '=', this.store.bsnHash(bsn)).where('state', 'not in', ['afgekeurd', 'gecorrigeerd']).execute();
    return rows.flatMap((b) => (JSON.parse(b.functiebudgetten) as FunctieBudgetRow[]).filter((f) => f.zorgfunctie === zorgfunctie).map((f) => toLedger(b.budget_id, b.budget_id_oud, f)));
  }
}

function toLedger(budgetId: string, oud: string | null, f: FunctieBudgetRow): LedgerFunctieBudget {
  return {
    budgetIdentificatie: budgetId, zorgfunctie: f.zorgfunctie, periode: { begindatum: f.begin, einddatum: f.einde }, bedrag: f.bedrag,
    ...(f.vv !== null ? { verantwoordingsvrijBedrag: f.vv } : {}), ...(oud !== null ? { budgetIdentificatieOud: oud } : {}),
  };
}
