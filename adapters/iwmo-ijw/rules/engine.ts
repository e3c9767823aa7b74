// Level-2 checks (IV032): everything checkable inside one message. Any failure means the header-only
// retour with code 0001; retour/ builds that retour and the validation report.
//
// Scope: each rule's appliesTo. The TR and CD rules apply to the messages in their "Gebruik in berichten" (the heen
// messages the official XSLT checks). The rules the standard attaches to a data type apply to every message that
// carries it, retours included: CS002/CS015/CS025 everywhere, and TR002, CD005, CD007, CD025, CS050, CS089 and
// CS139 on the retours that copy the client (302, 306, 308, 316). The engine runs whatever message type it is
// given; the XSLT 2.10.5 copy the rules are ported from checks heen messages only, so on retours the same rule
// code is applied to the copied classes (issue 14: the official check applies these rules to every message).
import type { BerichtType, CanonicalMessage } from '../model/index.ts';
import { CD005 } from './cd005.ts';
import { CD007 } from './cd007.ts';
import { CD009 } from './cd009.ts';
import { CD025 } from './cd025.ts';
import { CD034 } from './cd034.ts';
import { CD041 } from './cd041.ts';
import { CD043 } from './cd043.ts';
import { CD060 } from './cd060.ts';
import { CD066 } from './cd066.ts';
import { CD067 } from './cd067.ts';
import { CD068 } from './cd068.ts';
import { CD075 } from './cd075.ts';
import { CD076 } from './cd076.ts';
import { CD077 } from './cd077.ts';
import { CD078 } from './cd078.ts';
import { CD079 } from './cd079.ts';
import { CD080 } from './cd080.ts';
import { CD085 } from './cd085.ts';
import { CD086 } from './cd086.ts';
import { CD087 } from './cd087.ts';
import { CD095 } from './cd095.ts';
import { CD096 } from './cd096.ts';
import { CS002 } from './cs002.ts';
import { CS003 } from './cs003.ts';
import { CS015 } from './cs015.ts';
import { CS025 } from './cs025.ts';
import { CS050 } from './cs050.ts';
import { CS058 } from './cs058.ts';
import { CS089 } from './cs089.ts';
import { CS100 } from './cs100.ts';
import { CS139 } from './cs139.ts';
import { CS318 } from './cs318.ts';
import { CS325 } from './cs325.ts';
import { CS335 } from './cs335.ts';
import { CS336 } from './cs336.ts';
import { CS337 } from './cs337.ts';
import { CS338 } from './cs338.ts';
import { CS339 } from './cs339.ts';
import { CS340 } from './cs340.ts';
import { CS343 } from './cs343.ts';
import { TR319 } from './tr319.ts';
import { TR335 } from './tr335.ts';
import { TR342 } from './tr342.ts';
import { TR416 } from './tr416.ts';
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
  CD005, CD007, CD009, CD025, CD034, CD041, CD043, CD060, CD066, CD067, CD068,
  CD075, CD076, CD077, CD078, CD079, CD080, CD085, CD086, CD087, CD095, CD096,
  CS002, CS003, CS015, CS025, CS050, CS058, CS089, CS100, CS139, CS318, CS325,
  CS335, CS336, CS337, CS338, CS339, CS340, CS343,
  TR002, TR006, TR018, TR061, TR101, TR134, TR137,
  TR302, TR315, TR316, TR319, TR335, TR342, TR352, TR353, TR358, TR377, TR380, TR383, TR386, TR409, TR410, TR416,
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
