import type { IpgbType } from '../messages.ts';
import type { IpgbMessage } from '../model/types.ts';

/**
 * One failed rule on one class of a message. Level 2 (checkable inside the message) and level 3 (against the
 * ledger of earlier messages) give the same shape; the retour builder turns level 2 into the header-only 0001
 * retour and level 3 into the rule's code on `klasse` with 0200 on the other classes (ipgb.md §5).
 */
export interface IpgbFinding {
  /** Rule id from the standard: 'TR503', 'CS002', 'CD505'. */
  rule: string;
  /** The rule's PGB001 retour code: '9503', 'S002', 'D505'. */
  code: string;
  level: 2 | 3;
  /** Element path (Locatie style) of what failed: /Bericht/Client/Budget/FunctieBudgetten/FunctieBudget[2]/VerantwoordingsvrijBedrag */
  path: string;
  /** Path of the class whose RetourCodes carry the code: /Bericht/Header, /Bericht/Client, …/FunctieBudget[2]. */
  klasse: string;
  /** The rule's definition with non-personal detail; never a BSN, name or value from the message. */
  message: string;
}

export interface IpgbRuleContext {
  /** Today in the Netherlands (YYYY-MM-DD), for CS064. */
  today: string;
  /**
   * Existing CBS gemeentecodes for CS300. No CBS list ships with the gateway: when absent, CS300 is not
   * checked; the feature may pass the list (or the codes of its configured municipalities).
   */
  gemeentecodes?: ReadonlySet<string>;
}

/** A level-2 rule: checkable inside the message (ipgb.md §4, level L2). */
export interface IpgbRule {
  id: string;
  appliesTo: readonly IpgbType[];
  /** PGB001 code of the rule. */
  retourCode: string;
  level: 2;
  definitie: string;
  check(msg: IpgbMessage, ctx: IpgbRuleContext): IpgbFinding[];
}
