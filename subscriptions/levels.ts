import { createBrpAdapter } from '../adapters/brp/index.ts';
import type { FeatureLevels } from '../feature.ts';

// The subscriptions feature's part of levels 1–2, run in the worker pool (decision 0008): the BRP family (LO3,
// Berichten API JSON, StUF-BG npsLk01). Without this feature nothing takes BRP messages.
export const levels: FeatureLevels = {
  adapters: (schemasDir) => [createBrpAdapter(schemasDir)],
};
