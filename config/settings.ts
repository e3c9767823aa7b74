import path from 'node:path';

// Everything the gateway reads from its environment, in one place, with the defaults a
// developer gets from `npm start`. Secrets are not here: the store reads them (store/secrets).
export interface Settings {
  production: boolean;
  host: string;
  port: number;
  opsHost: string;
  opsPort: number;                 // plain HTTP for probes and Prometheus; 0 = off
  partnersFile: string;
  tls: { certFile: string; keyFile: string };
  clientIdentity: { certFile: string; keyFile: string };  // the gateway's certificate towards partners
  devCertsDir: string;
  amqpUrl: string;
  queuePrefix: string;
  retryTiers: number[];
  databaseUrl?: string;
  sqliteFile: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  pgPoolSize: number;
  dataDir: string;
  logLevel: string;
  maxBodyBytes: number;
  sweepIntervalMs: number;
  sweepGraceMs: number;
  /** The reconciler: how often it looks, and how long past due a message or delivery must be (0 interval = off). */
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  /** Failures of a delivery handler itself (the store unavailable, a bug) before a message is given up. */
  handlerMaxFailures: number;
}

export class SettingsError extends Error {
  readonly code = 'settings-invalid';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SettingsError(name, `must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

function sqliteSynchronous(raw: string | undefined): 'FULL' | 'NORMAL' {
  const value = (raw ?? 'FULL').toUpperCase();
  if (value !== 'FULL' && value !== 'NORMAL') throw new SettingsError('KP_SQLITE_SYNCHRONOUS', `must be FULL or NORMAL, got "${raw}"`);
  return value;
}

const ISTANDAARDEN_MAX_BYTES = 25 * 1024 * 1024; // OP179: a message file is at most 25 MB

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Settings {
  const at = (p: string) => path.resolve(root, p);
  const dataDir = at(env.KP_DATA_DIR ?? 'data');
  const devCertsDir = at(env.KP_DEV_CERTS_DIR ?? 'certs-dev/out');
  const tiers = (env.KP_RETRY_TIERS_MS ?? '1000,2000,4000,8000,16000,32000,60000,120000,300000,600000,1800000,3600000')
    .split(',').map((t) => Number(t.trim()));
  if (tiers.some((t) => !Number.isInteger(t) || t <= 0)) throw new SettingsError('KP_RETRY_TIERS_MS', 'must be a comma-separated list of positive milliseconds');
  return {
    production: env.NODE_ENV === 'production',
    host: env.KP_HOST ?? '0.0.0.0',
    port: int(env, 'KP_PORT', 8443),
    opsHost: env.KP_OPS_HOST ?? '127.0.0.1',
    opsPort: int(env, 'KP_OPS_PORT', 9464),
    partnersFile: at(env.KP_PARTNERS_FILE ?? 'config/partners.dev.yaml'),
    tls: { certFile: at(env.KP_TLS_CERT ?? path.join(devCertsDir, 'server.crt')), keyFile: at(env.KP_TLS_KEY ?? path.join(devCertsDir, 'server.key')) },
    clientIdentity: {
      certFile: at(env.KP_CLIENT_CERT ?? path.join(devCertsDir, 'gateway-client.crt')),
      keyFile: at(env.KP_CLIENT_KEY ?? path.join(devCertsDir, 'gateway-client.key')),
    },
    devCertsDir,
    amqpUrl: env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    queuePrefix: env.KP_QUEUE_PREFIX ?? 'kp',
    retryTiers: tiers.sort((a, b) => a - b),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    sqliteFile: at(env.KP_SQLITE_FILE ?? path.join(dataDir, 'ketenpoort.db')),
    sqliteSynchronous: sqliteSynchronous(env.KP_SQLITE_SYNCHRONOUS),
    pgPoolSize: int(env, 'KP_PG_POOL_SIZE', 10),
    dataDir,
    logLevel: env.KP_LOG_LEVEL ?? 'info',
    maxBodyBytes: int(env, 'KP_MAX_BODY_BYTES', ISTANDAARDEN_MAX_BYTES),
    sweepIntervalMs: int(env, 'KP_SWEEP_INTERVAL_MS', 5000),
    sweepGraceMs: int(env, 'KP_SWEEP_GRACE_MS', 10000),
    reconcileIntervalMs: int(env, 'KP_RECONCILE_INTERVAL_MS', 15000),
    reconcileAfterMs: int(env, 'KP_RECONCILE_AFTER_MS', 60000),
    handlerMaxFailures: int(env, 'KP_HANDLER_MAX_FAILURES', 8),
  };
}
