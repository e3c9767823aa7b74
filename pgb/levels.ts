import { IPGB_FAMILY, ipgbAdapters, ipgbModelOf, ipgbRuleContext, runIpgbLevel2, type IpgbFinding } from '../adapters/ipgb/index.ts';
import type { AcceptedMessage } from '../adapters/types.ts';
import type { FeatureLevels } from '../feature.ts';

// The pgb feature's part of levels 1–2, run in the worker pool (decision 0008): the iPgb adapter (on
// KP_IPGB_SCHEMAS_DIR when set) and level 2 of a TKB (501) and a BAB (507). Level 3 stays in the inspector.

export function pgbLevel2Findings(message: AcceptedMessage): IpgbFinding[] | undefined {
  const model = ipgbModelOf(message);
  return model && (model.nummer === '501' || model.nummer === '507') ? runIpgbLevel2(model, ipgbRuleContext()) : undefined;
}

export const levels: FeatureLevels = {
  adapters: (schemasDir, settings) => ipgbAdapters(schemasDir, settings.ipgb.schemasDir),
  level2: { families: [IPGB_FAMILY], judge: pgbLevel2Findings },
};
