// KP_REPLAY_RATE (dead letters put back per second by one replay job) and KP_REPLAY_MAX_RATE: the cockpit's
// section of the validated configuration (config/schema.ts holds the rules and defaults).
import { parseEnvironment } from '../config/schema.ts';
import type { ReplayJobSettings } from './replay-jobs.ts';

/** The replay settings of `env` alone (tests); the gateway takes them from Settings.replay. */
export function replaySettings(env: NodeJS.ProcessEnv): ReplayJobSettings {
  const e = parseEnvironment(env);
  return { defaultRate: Math.min(e.KP_REPLAY_RATE, e.KP_REPLAY_MAX_RATE), maxRate: e.KP_REPLAY_MAX_RATE };
}
