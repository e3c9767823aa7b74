import { OpsError } from './errors.ts';
import type { ReplayJobSettings } from './replay-jobs.ts';

export const DEFAULT_REPLAY_RATE = 50;
export const DEFAULT_MAX_REPLAY_RATE = 1_000;

/** KP_REPLAY_RATE (dead letters put back per second by one replay job, default 50) and KP_REPLAY_MAX_RATE (default 1000). */
export function replaySettings(env: NodeJS.ProcessEnv): ReplayJobSettings {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new OpsError(500, 'settings-invalid', `${name} must be a whole number ≥ 1, got "${raw}"`);
    return n;
  };
  const maxRate = read('KP_REPLAY_MAX_RATE', DEFAULT_MAX_REPLAY_RATE);
  return { defaultRate: Math.min(read('KP_REPLAY_RATE', DEFAULT_REPLAY_RATE), maxRate), maxRate };
}
