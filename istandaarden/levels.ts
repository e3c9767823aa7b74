import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import type { RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';
import type { FeatureLevels } from '../feature.ts';

// The iStandaarden feature's part of levels 1–2, run in the worker pool (decision 0008): level 2 of IV032 on
// every iWmo/iJw message that passed its XSD, on the adapter's model. Levels 3 and the retour stay in the inspector.

export const level2Findings = (model: CanonicalMessage): RetourFinding[] =>
  runLevel2(model).map((f) => ({ rule: f.rule, code: f.code, path: f.path, message: f.message }));

export const levels: FeatureLevels = {
  level2: {
    families: ['iwmo', 'ijw'],
    judge: (message) => (message.model ? level2Findings(message.model as CanonicalMessage) : undefined),
  },
};
