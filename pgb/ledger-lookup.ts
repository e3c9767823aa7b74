// The level-3 rules of the iPgb adapter (TR056, TR502, TR507, TR509, TR510, TR512/513, TR514, TR562, TR574)
// ask the ledger through the adapter's PgbLedgerLookup; this is its implementation on the pgb tables.
import type { Kysely } from 'kysely';
import { SVB_AFZENDER, type LedgerBudget, type LedgerFunctieBudget, type PgbLedgerLookup } from '../adapters/ipgb/index.ts';
import type { Store } from '../store/index.ts';
import type { PgbWet } from './ledger-input.ts';
import type { FunctieBudgetRow, PgbTables } from './tables.ts';

export { SVB_AFZENDER, type LedgerBudget, type LedgerFunctieBudget, type PgbLedgerLookup };

type BudgetRow = { afzender: string; budget_id: string; bsn_hash: string; wet: string; state: string; vervangen_door: string | null };

/** PgbLedgerLookup on the store's pgb tables (read in the given database or transaction). */
export class StorePgbLedgerLookup implements PgbLedgerLookup {
  constructor(private readonly store: Pick<Store, 'tables' | 'bsnHash'>, private readonly trx?: Kysely<any>) {}

  private get db(): Kysely<PgbTables> {
    return (this.trx ?? this.store.tables<PgbTables>()) as unknown as Kysely<PgbTables>;
  }

  async identificatieGebruikt(q: { afzender: string; type: string; identificatie: string }): Promise<boolean> {
    // Claimed at ingest (pgb/identificaties.ts, refused messages too); the ledger rows cover what was booked otherwise.
    const claimed = await this.db.selectFrom('pgb_identificaties').select('message_id').where('afzender', '=', q.afzender)
      .where('berichtsoort', '=', q.type).where('identificatie', '=', q.identificatie).executeTakeFirst();
    if (claimed) return true;
    if (q.type.endsWith('501')) {
      const wet = q.type.startsWith('JW') ? 'jw' : 'wmo';
      const row = await this.db.selectFrom('pgb_tkb_versions as v').innerJoin('pgb_budgets as b', (j) => j.onRef('b.afzender', '=', 'v.afzender').onRef('b.bsn_hash', '=', 'v.bsn_hash').onRef('b.budget_id', '=', 'v.budget_id'))
        .select('v.version').where('v.afzender', '=', q.afzender).where('v.berichtidentificatie', '=', q.identificatie).where('b.wet', '=', wet).limit(1).executeTakeFirst();
      return row !== undefined;
    }
    if (q.type.endsWith('507') && q.afzender === SVB_AFZENDER) {
      const row = await this.db.selectFrom('pgb_babs').select('line').where('berichtidentificatie', '=', q.identificatie).limit(1).executeTakeFirst();
      return row !== undefined;
    }
    return false;
  }

  async budget(q: { gemeente: string; bsn: string; budgetIdentificatie: string }): Promise<LedgerBudget | undefined> {
    const b = await this.db.selectFrom('pgb_budgets').select(['afzender', 'budget_id', 'bsn_hash', 'wet', 'state', 'vervangen_door'])
      .where('afzender', '=', q.gemeente).where('bsn_hash', '=', this.store.bsnHash(q.bsn)).where('budget_id', '=', q.budgetIdentificatie).executeTakeFirst();
    return b ? this.toLedger(b) : undefined;
  }

  async heeftToekenning(q: { gemeente: string; bsn: string; wet: PgbWet }): Promise<boolean> {
    const row = await this.db.selectFrom('pgb_budgets').select('budget_id').where('afzender', '=', q.gemeente)
      .where('bsn_hash', '=', this.store.bsnHash(q.bsn)).where('wet', '=', q.wet).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async budgetten(q: { gemeente: string; bsn: string; wet: PgbWet }): Promise<LedgerBudget[]> {
    const rows = await this.db.selectFrom('pgb_budgets').select(['afzender', 'budget_id', 'bsn_hash', 'wet', 'state', 'vervangen_door'])
      .where('afzender', '=', q.gemeente).where('bsn_hash', '=', this.store.bsnHash(q.bsn)).where('wet', '=', q.wet).orderBy('budget_id').execute();
    return Promise.all(rows.map((b) => this.toLedger(b)));
  }

  private async toLedger(b: BudgetRow): Promise<LedgerBudget> {
    const accepted = await this.db.selectFrom('pgb_tkb_versions').select('functiebudgetten').where('afzender', '=', b.afzender)
      .where('bsn_hash', '=', b.bsn_hash).where('budget_id', '=', b.budget_id).where('state', '=', 'geaccepteerd').orderBy('version', 'desc').limit(1).executeTakeFirst();
    const fb = accepted ? (JSON.parse(accepted.functiebudgetten) as FunctieBudgetRow[]) : [];
    return {
      budgetIdentificatie: b.budget_id, wet: b.wet as PgbWet, retourOpenstaand: b.state === 'verzonden', geaccepteerd: accepted !== undefined,
      vervangen: b.vervangen_door !== null,
      functieBudgetten: fb.map((f) => ({ zorgfunctie: f.zorgfunctie, begindatum: f.begin, einddatum: f.einde, functieBudgetBedrag: f.bedrag, ...(f.vv !== null ? { verantwoordingsvrijBedrag: f.vv } : {}) })),
    };
  }
}
