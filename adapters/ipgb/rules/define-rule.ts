import type { IpgbType } from '../messages.ts';
import type { IpgbMessage, ModelNode } from '../model/types.ts';
import type { IpgbFinding, IpgbRule, IpgbRuleContext } from './types.ts';

/** Reports a failure on class `node`; `element` is the path below it ('VerantwoordingsvrijBedrag', 'FunctieBudgetPeriode/Einddatum'). */
export type Fail = (node: ModelNode, element?: string, detail?: string) => void;

interface RuleSpec {
  id: string;
  appliesTo: readonly IpgbType[];
  retourCode: string;
  /** The rule's text (own words after ipgb.md §4); becomes the finding's message. */
  definitie: string;
  check(msg: IpgbMessage, fail: Fail, ctx: IpgbRuleContext): void;
}

export function finding(rule: { id: string; retourCode: string; definitie: string }, level: 2 | 3, node: ModelNode, element?: string, detail?: string): IpgbFinding {
  return {
    rule: rule.id,
    code: rule.retourCode,
    level,
    path: element ? `${node.path}/${element}` : node.path,
    klasse: node.path,
    message: detail ? `${rule.definitie} (${detail})` : rule.definitie,
  };
}

export function defineRule(spec: RuleSpec): IpgbRule {
  return {
    id: spec.id,
    appliesTo: spec.appliesTo,
    retourCode: spec.retourCode,
    level: 2,
    definitie: spec.definitie,
    check(msg, ctx) {
      const out: IpgbFinding[] = [];
      spec.check(msg, (node, element, detail) => out.push(finding(spec, 2, node, element, detail)), ctx);
      return out;
    },
  };
}
