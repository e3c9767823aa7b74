// The ledger with the store's keys: builds the rows from a model (BSN hashed and sealed). The ingest path
// (pgb/inspector.ts) writes them with writeLedgerRows in the message's own transaction and runs `afterCommit`
// once that is durable; `apply` does both in a group commit of its own for callers outside ingest (tests, seeds).
import type { Kysely } from 'kysely';
import type { Store } from '../store/index.ts';
import type { BudgetafsluitingIn, ToekenningIn, ToekenningRetourIn } from './ledger-input.ts';
import { babRows, budgethouderAad, retourRows, tkbRows, writeLedgerRows, type LedgerRow, type LedgerWriteResult } from './ledger.ts';
import type { BudgethouderFollower } from './brp.ts';
import type { FunctieBudgetRow, PgbTables } from './tables.ts';

export class PgbLedger {
  constructor(private readonly deps: { store: Store; follower?: BudgethouderFollower }) {}

  /** Rows for a TKB, with the BSN hashed and sealed by the store. */
  tkbRows(m: ToekenningIn, ctx: { messageId: string; at: Date }): LedgerRow[] {
    const bsnHash = this.deps.store.bsnHash(m.client.bsn);
    return tkbRows(m, { ...ctx, bsnHash, sealedBsn: this.deps.store.seal(budgethouderAad(bsnHash), Buffer.from(m.client.bsn, 'utf8')) });
  }

  retourRows(m: ToekenningRetourIn, ctx: { messageId: string; at: Date }): LedgerRow[] {
    return retourRows(m, ctx);
  }

  /** Rows for a BAB; reads what the ledger granted for its functiebudgetten first (in `trx` when given). */
  async babRows(m: BudgetafsluitingIn, ctx: { messageId: string; at: Date }, trx?: Kysely<any>): Promise<LedgerRow[]> {
    const bsnHash = this.deps.store.bsnHash(m.client.bsn);
    const db = (trx ?? this.deps.store.tables<PgbTables>()) as unknown as Kysely<PgbTables>;
    const budgets = await db.selectFrom('pgb_budgets').select(['budget_id', 'functiebudgetten']).where('afzender', '=', m.header.ontvanger).where('bsn_hash', '=', bsnHash).execute();
    const granted = new Map(budgets.map((b) => [b.budget_id, JSON.parse(b.functiebudgetten) as FunctieBudgetRow[]]));
    return babRows(m, { ...ctx, bsnHash, granted: (budgetId, zorgfunctie, begin) => granted.get(budgetId)?.find((f) => f.zorgfunctie === zorgfunctie && f.begin === begin) });
  }

  async apply(rows: readonly LedgerRow[]): Promise<LedgerWriteResult> {
    const result = await this.deps.store.writeBatched<PgbTables, LedgerWriteResult>((trx) => writeLedgerRows(trx, rows));
    await this.afterCommit(result);
    return result;
  }

  /** What follows a durable ledger write: the volgindicaties of the persons it touched. */
  async afterCommit(result: LedgerWriteResult): Promise<void> {
    await this.deps.follower?.sync(result.persons);
  }

  recordTkb(m: ToekenningIn, ctx: { messageId: string; at: Date }): Promise<LedgerWriteResult> {
    return this.apply(this.tkbRows(m, ctx));
  }

  recordRetour(m: ToekenningRetourIn, ctx: { messageId: string; at: Date }): Promise<LedgerWriteResult> {
    return this.apply(this.retourRows(m, ctx));
  }

  async recordBab(m: BudgetafsluitingIn, ctx: { messageId: string; at: Date }): Promise<LedgerWriteResult> {
    return this.apply(await this.babRows(m, ctx));
  }
}
