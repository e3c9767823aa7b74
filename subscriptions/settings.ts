// The subscriptions feature's settings, from the environment (defaults in parentheses):
//   KP_BRP_RETENTION_DAYS (90)            raw BRP messages' payloads are purged after this many days; 0 = never
//   KP_BRP_RETENTION_INTERVAL_MS (3600000) how often the purge runs; 0 = never
//   KP_BRP_SYNC_INTERVAL_MS (60000)        how often einddata are applied and afnemersindicaties reconciled; 0 = never
//   KP_BRP_INDEX_REFRESH_MS (5000)         how often the watch index reads other instances' changes; 0 = never
//   KP_BRP_ALERT_SOURCE (urn:nld:oin:<gateway OIN>:systeem:ketenpoort)  the CloudEvent source
import { SettingsError } from '../config/settings.ts';

export interface SubscriptionSettings {
  retentionDays: number;
  retentionIntervalMs: number;
  syncIntervalMs: number;
  indexRefreshMs: number;
  alertSource?: string;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, integer: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new SettingsError(name, `must be ${integer ? 'a whole number' : 'a number'} ≥ 0, got "${raw}"`);
  }
  return n;
}

export function subscriptionSettings(env: NodeJS.ProcessEnv): SubscriptionSettings {
  const source = env.KP_BRP_ALERT_SOURCE?.trim();
  if (source !== undefined && source !== '' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(source)) {
    throw new SettingsError('KP_BRP_ALERT_SOURCE', 'must be a URI reference such as urn:nld:oin:<OIN>:systeem:<name>');
  }
  return {
    retentionDays: number(env, 'KP_BRP_RETENTION_DAYS', 90, false),
    retentionIntervalMs: number(env, 'KP_BRP_RETENTION_INTERVAL_MS', 3_600_000, true),
    syncIntervalMs: number(env, 'KP_BRP_SYNC_INTERVAL_MS', 60_000, true),
    indexRefreshMs: number(env, 'KP_BRP_INDEX_REFRESH_MS', 5_000, true),
    ...(source ? { alertSource: source } : {}),
  };
}
