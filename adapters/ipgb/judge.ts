import { runIpgbLevel3 } from './level3/engine.ts';
import type { PgbLedgerLookup } from './level3/ledger.ts';
import type { IpgbMessage } from './model/types.ts';
import { ipgbRuleContext, runIpgbLevel2 } from './rules/engine.ts';
import type { IpgbFinding, IpgbRuleContext } from './rules/types.ts';

export interface IpgbJudgement {
  /** 2 or 3: the level that refused the message; undefined: accepted. */
  level: 2 | 3 | undefined;
  findings: IpgbFinding[];
}

/**
 * Levels 2 and 3 on a heen message (501/507), in that order: level 3 is asked only when level 2 passed, so the
 * ledger is not consulted for a message that is refused anyway. A retour (502/508) is not judged.
 */
export async function judgeIpgb(msg: IpgbMessage, ledger: PgbLedgerLookup, ctx: IpgbRuleContext = ipgbRuleContext()): Promise<IpgbJudgement> {
  const level2 = runIpgbLevel2(msg, ctx);
  if (level2.length > 0) return { level: 2, findings: level2 };
  const level3 = await runIpgbLevel3(msg, ledger);
  return level3.length > 0 ? { level: 3, findings: level3 } : { level: undefined, findings: [] };
}
