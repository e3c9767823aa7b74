// Level-2 checks (IV032): everything checkable inside one message. Any failure means the header-only
// retour with code 0001; building that retour is not done here.
//
// Scope: the TR rules apply to the messages in their "Gebruik in berichten" (the heen messages the official
// XSLT checks); the value constraints CS002/CS015/CS025 apply to every message that carries the element.
import type { BerichtType, CanonicalMessage } from '../model/index.ts';
import { CS002 } from './cs002.ts';
import { CS003 } from './cs003.ts';
import { CS015 } from './cs015.ts';
import { CS025 } from './cs025.ts';
import { TR002 } from './tr002.ts';
import { TR006 } from './tr006.ts';
import { TR018 } from './tr018.ts';
import { TR061 } from './tr061.ts';
import { TR101 } from './tr101.ts';
import { TR134 } from './tr134.ts';
import { TR137 } from './tr137.ts';
import { TR302 } from './tr302.ts';
import { TR315 } from './tr315.ts';
import { TR316 } from './tr316.ts';
import { TR346 } from './tr346.ts';
import { TR352 } from './tr352.ts';
import { TR353 } from './tr353.ts';
import { TR358 } from './tr358.ts';
import { TR377 } from './tr377.ts';
import { TR380 } from './tr380.ts';
import { TR383 } from './tr383.ts';
import { TR386 } from './tr386.ts';
import { TR409 } from './tr409.ts';
import { TR410 } from './tr410.ts';
import type { Rule, RuleContext, RuleFailure } from './types.ts';

export const LEVEL2_RULES: readonly Rule[] = [
  CS002, CS003, CS015, CS025,
  TR002, TR006, TR018, TR061, TR101, TR134, TR137,
  TR302, TR315, TR316, TR352, TR353, TR358, TR377, TR380, TR383, TR386, TR409, TR410,
];

/** Level-4 rules that can be evaluated on the message's own data (no external source wired yet). */
export const LEVEL4_LOCAL_RULES: readonly Rule[] = [TR346];

const amsterdamDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });

export function defaultRuleContext(now: Date = new Date()): RuleContext {
  return { today: amsterdamDate.format(now) };
}

const byTypeCache = new WeakMap<readonly Rule[], Map<BerichtType, Rule[]>>();

function rulesFor(rules: readonly Rule[], type: BerichtType): Rule[] {
  let byType = byTypeCache.get(rules);
  if (!byType) {
    byType = new Map();
    byTypeCache.set(rules, byType);
  }
  let list = byType.get(type);
  if (!list) {
    list = rules.filter((r) => r.appliesTo.includes(type));
    byType.set(type, list);
  }
  return list;
}

/** Runs the given rules that apply to the message's type, in list order. */
export function runRules(msg: CanonicalMessage, rules: readonly Rule[], ctx: RuleContext = defaultRuleContext()): RuleFailure[] {
  const failures: RuleFailure[] = [];
  for (const rule of rulesFor(rules, msg.type)) failures.push(...rule.check(msg, ctx));
  return failures;
}

/** All level-2 failures of the message; empty means it passes the XSLT-level checks implemented here. */
export function runLevel2(msg: CanonicalMessage, ctx: RuleContext = defaultRuleContext()): RuleFailure[] {
  return runRules(msg, LEVEL2_RULES, ctx);
}
