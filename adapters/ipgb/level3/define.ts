import type { IpgbType } from '../messages.ts';
import type { IpgbMessage } from '../model/types.ts';
import { finding, type Fail } from '../rules/define-rule.ts';
import type { IpgbFinding } from '../rules/types.ts';
import type { PgbLedgerLookup } from './ledger.ts';

/** A level-3 rule: needs the ledger of earlier messages (ipgb.md §4, level L3). Pure apart from the lookups. */
export interface IpgbLevel3Rule {
  id: string;
  appliesTo: readonly IpgbType[];
  retourCode: string;
  level: 3;
  definitie: string;
  check(msg: IpgbMessage, ledger: PgbLedgerLookup): Promise<IpgbFinding[]>;
}

interface Level3Spec {
  id: string;
  appliesTo: readonly IpgbType[];
  retourCode: string;
  definitie: string;
  check(msg: IpgbMessage, fail: Fail, ledger: PgbLedgerLookup): Promise<void>;
}

export function defineLevel3Rule(spec: Level3Spec): IpgbLevel3Rule {
  return {
    id: spec.id,
    appliesTo: spec.appliesTo,
    retourCode: spec.retourCode,
    level: 3,
    definitie: spec.definitie,
    async check(msg, ledger) {
      const out: IpgbFinding[] = [];
      await spec.check(msg, (node, element, detail) => out.push(finding(spec, 3, node, element, detail)), ledger);
      return out;
    },
  };
}
