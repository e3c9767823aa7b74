// Level 3: the rules that need earlier messages (ipgb.md §4, level L3), over the PgbLedgerLookup port. TR504
// (Bsn exists in the BRP) needs the BRP and is not here.
import type { IpgbMessage } from '../model/types.ts';
import type { IpgbFinding } from '../rules/types.ts';
import type { IpgbLevel3Rule } from './define.ts';
import type { PgbLedgerLookup } from './ledger.ts';
import { TR056 } from './tr056.ts';
import { TR502 } from './tr502.ts';
import { TR507 } from './tr507.ts';
import { TR509 } from './tr509.ts';
import { TR510 } from './tr510.ts';
import { TR512 } from './tr512.ts';
import { TR513 } from './tr513.ts';
import { TR514 } from './tr514.ts';
import { TR562 } from './tr562.ts';
import { TR574 } from './tr574.ts';

export const IPGB_LEVEL3_RULES: readonly IpgbLevel3Rule[] = [TR056, TR507, TR574, TR562, TR514, TR502, TR509, TR510, TR512, TR513];

/**
 * All level-3 findings of a message that passed level 2, rule by rule (sequentially, so a store-backed lookup
 * can share one transaction). Empty means accepted at level 3. Retours get none.
 */
export async function runIpgbLevel3(msg: IpgbMessage, ledger: PgbLedgerLookup, rules: readonly IpgbLevel3Rule[] = IPGB_LEVEL3_RULES): Promise<IpgbFinding[]> {
  const out: IpgbFinding[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo.includes(msg.type)) continue;
    out.push(...(await rule.check(msg, ledger)));
  }
  return out;
}
