import type { Budgetafsluiting, FunctieBudgetBesteed } from '../model/types.ts';
import type { LedgerFunctieBudget, PgbLedgerLookup } from './ledger.ts';

/**
 * The granted function budget a FunctieBudgetBesteed reports on: same BudgetIdentificatie, zorgfunctie and
 * period (OP528), in the latest accepted TKB of that budget. `undefined` when the client has no TKB at all
 * (TR509 reports that once, not every row again), `null` when this row matches none.
 */
export async function toegekendFunctieBudget(msg: Budgetafsluiting, f: FunctieBudgetBesteed, ledger: PgbLedgerLookup): Promise<LedgerFunctieBudget | null | undefined> {
  const gemeente = msg.header.ontvanger;
  if (!(await ledger.heeftToekenning({ gemeente, bsn: msg.client.bsn, wet: msg.wet }))) return undefined;
  const budget = await ledger.budget({ gemeente, bsn: msg.client.bsn, budgetIdentificatie: f.budgetIdentificatie });
  if (!budget || budget.wet !== msg.wet) return null;
  const p = f.bestedingsPeriode;
  return budget.functieBudgetten.find((e) => e.zorgfunctie === f.zorgfunctie && e.begindatum === p.begindatum && e.einddatum === p.einddatum) ?? null;
}
