// The questions the level-3 rules ask of the budget ledger. The `pgb` feature implements this port on its
// tables, inside the transaction of the message being judged; the rules themselves are pure functions of the
// message and the answers.
import type { IpgbType, IpgbWet } from '../messages.ts';

/** One function budget of a TKB version as the ledger stored it. */
export interface LedgerFunctieBudget {
  zorgfunctie: string;
  begindatum: string;
  einddatum: string;
  /** Eurocent. */
  functieBudgetBedrag: number;
  verantwoordingsvrijBedrag?: number;
}

/** What the ledger knows of one BudgetIdentificatie of one verstrekker and budgethouder. */
export interface LedgerBudget {
  budgetIdentificatie: string;
  wet: IpgbWet;
  /** A TKB with this BudgetIdentificatie was sent and its retour (502) has not come back yet (TR507). */
  retourOpenstaand: boolean;
  /** At least one TKB version with this BudgetIdentificatie was accepted by the SVB (approving 502). */
  geaccepteerd: boolean;
  /** An accepted later TKB named this budget as its BudgetIdentificatieOud, so it is no longer valid (OP501). */
  vervangen: boolean;
  /**
   * The function budgets of the latest accepted TKB version (empty when none was accepted). A BAB's
   * FunctieBudgetBesteed is compared with these (TR510, TR512, TR513).
   */
  functieBudgetten: LedgerFunctieBudget[];
}

export interface PgbLedgerLookup {
  /**
   * TR056: whether `afzender` already sent a message of `type` with this BerichtIdentificatie/Identificatie.
   * `afzender` is the gemeentecode for a 501 or 508, and 'SVB' for a 502 or 507 (the SVB is not in the header).
   * Refused messages count too: an Identificatie is used once it has been sent.
   */
  identificatieGebruikt(q: { afzender: string; type: IpgbType; identificatie: string }): Promise<boolean>;

  /**
   * The budget `budgetIdentificatie` that gemeente `gemeente` granted to budgethouder `bsn` (TR507, TR562, TR574,
   * TR514, TR510, TR512, TR513), or undefined when no TKB with that BudgetIdentificatie was ever sent for them.
   */
  budget(q: { gemeente: string; bsn: string; budgetIdentificatie: string }): Promise<LedgerBudget | undefined>;

  /** TR509: whether gemeente `gemeente` ever sent a TKB under law `wet` for budgethouder `bsn`. */
  heeftToekenning(q: { gemeente: string; bsn: string; wet: IpgbWet }): Promise<boolean>;

  /** TR502: every budget gemeente `gemeente` granted to budgethouder `bsn` under law `wet` (any state). */
  budgetten(q: { gemeente: string; bsn: string; wet: IpgbWet }): Promise<LedgerBudget[]>;
}

/** The sending party for TR056 (see PgbLedgerLookup.identificatieGebruikt). */
export const SVB_AFZENDER = 'SVB';
