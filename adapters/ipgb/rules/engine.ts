// Level 2: everything checkable inside one iPgb message (ipgb.md §4, level L2; Wlz-only rules left out). The
// XSD-level constraints (CS004, CS005, CS126, CS128, CS515, CS516) are enforced by the schema in the adapter;
// CS318 has no known text and is not checked.
import type { IpgbType } from '../messages.ts';
import type { IpgbMessage } from '../model/types.ts';
import { CD005 } from './cd005.ts';
import { CD025 } from './cd025.ts';
import { CD504 } from './cd504.ts';
import { CD505 } from './cd505.ts';
import { CS002 } from './cs002.ts';
import { CS003 } from './cs003.ts';
import { CS023 } from './cs023.ts';
import { CS050 } from './cs050.ts';
import { CS064 } from './cs064.ts';
import { CS089 } from './cs089.ts';
import { CS300 } from './cs300.ts';
import { CS502 } from './cs502.ts';
import { TR101 } from './tr101.ts';
import { TR503 } from './tr503.ts';
import { TR506 } from './tr506.ts';
import { TR511 } from './tr511.ts';
import { TR515 } from './tr515.ts';
import { TR516 } from './tr516.ts';
import type { IpgbFinding, IpgbRule, IpgbRuleContext } from './types.ts';

export const IPGB_LEVEL2_RULES: readonly IpgbRule[] = [
  CS064, CS300, CS002, CS003, CS023, CS050, CS089, CS502,
  CD005, CD025, CD504, CD505,
  TR101, TR503, TR506, TR511, TR515, TR516,
];

const amsterdamDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });

export function ipgbRuleContext(now: Date = new Date(), gemeentecodes?: ReadonlySet<string>): IpgbRuleContext {
  return { today: amsterdamDate.format(now), ...(gemeentecodes ? { gemeentecodes } : {}) };
}

const byType = new Map<IpgbType, IpgbRule[]>();

function rulesFor(type: IpgbType): IpgbRule[] {
  let list = byType.get(type);
  if (!list) byType.set(type, (list = IPGB_LEVEL2_RULES.filter((r) => r.appliesTo.includes(type))));
  return list;
}

/** All level-2 findings of the message, rule by rule; empty means it passes level 2. Retours get none. */
export function runIpgbLevel2(msg: IpgbMessage, ctx: IpgbRuleContext = ipgbRuleContext()): IpgbFinding[] {
  const out: IpgbFinding[] = [];
  for (const rule of rulesFor(msg.type)) out.push(...rule.check(msg, ctx));
  return out;
}
