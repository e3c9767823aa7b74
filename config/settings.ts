import path from 'node:path';
import { gatewayLimits, type GatewayLimits } from '../gateway/limits.ts';
import { refusedKeep, type RefusedKeepSettings } from '../ingest/refused-keep.ts';
import { parseEnvironment, unknownVariables, type Environment, type FEATURE_NAMES } from './schema.ts';

export { SettingsError } from './schema.ts';

// Everything the gateway reads from its environment, validated once (config/schema.ts) and handed out as typed
// sections: the spine's fields and one section per part. Nothing else reads process.env for the gateway.
// Secrets are validated where they are decoded (store/secrets.ts), after development secrets may be added.
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
  /** KP_WORKERS: gateway processes on PostgreSQL (default: the cores). */
  workers: number;
  /** KP_CPU_THREADS: threads of the levels pool per process (default: the cores shared among the processes). */
  cpuThreads?: number;
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
  /** KP_SHUTDOWN_TIMEOUT_MS: the hard bound on a graceful stop (main.ts). */
  shutdownTimeoutMs: number;
  /** KP_FEATURES: the parts beyond the spine to run; undefined = all. */
  features?: ReadonlyArray<(typeof FEATURE_NAMES)[number]>;
  /** What a hostile or broken client may hold on the partner-facing server. */
  limits: GatewayLimits;
  refusedKeep: RefusedKeepSettings;
  istandaarden: { deadlineScanMs: number };
  subscriptions: { retentionDays: number; retentionIntervalMs: number; syncIntervalMs: number; indexRefreshMs: number; alertSource?: string };
  replay: { defaultRate: number; maxRate: number };
  /** The pgb feature's raw section; pgb/settings.ts completes it with the partners (the own gemeentecodes). */
  pgb: { gemeentecodes?: readonly string[]; layoutsDir?: string; defaultLayout: string; maxListBytes: number; deadlineScanMs: number; followSyncMs: number; svbPartner: string; viaGgk: readonly string[]; ggkPartner: string };
  /** The iPgb XSD set to load instead of the bundled one. */
  ipgb: { schemasDir?: string };
  dkd: { file?: string };
  /** `KP_*` variables set that nothing reads (typos); main.ts warns once. */
  unknownVariables: readonly string[];
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Settings {
  return settingsFrom(parseEnvironment(env), unknownVariables(env), root);
}

export function settingsFrom(e: Environment, unknown: readonly string[] = [], root = process.cwd()): Settings {
  const at = (p: string) => path.resolve(root, p);
  const dataDir = at(e.KP_DATA_DIR!);
  const devCertsDir = at(e.KP_DEV_CERTS_DIR!);
  return {
    production: e.NODE_ENV === 'production',
    host: e.KP_HOST!,
    port: e.KP_PORT,
    opsHost: e.KP_OPS_HOST!,
    opsPort: e.KP_OPS_PORT,
    partnersFile: at(e.KP_PARTNERS_FILE!),
    tls: { certFile: at(e.KP_TLS_CERT ?? path.join(devCertsDir, 'server.crt')), keyFile: at(e.KP_TLS_KEY ?? path.join(devCertsDir, 'server.key')) },
    clientIdentity: {
      certFile: at(e.KP_CLIENT_CERT ?? path.join(devCertsDir, 'gateway-client.crt')),
      keyFile: at(e.KP_CLIENT_KEY ?? path.join(devCertsDir, 'gateway-client.key')),
    },
    devCertsDir,
    amqpUrl: e.AMQP_URL!,
    queuePrefix: e.KP_QUEUE_PREFIX!,
    retryTiers: [...e.KP_RETRY_TIERS_MS],
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    sqliteFile: at(e.KP_SQLITE_FILE ?? path.join(dataDir, 'ketenpoort.db')),
    sqliteSynchronous: e.KP_SQLITE_SYNCHRONOUS,
    pgPoolSize: e.KP_PG_POOL_SIZE,
    workers: e.KP_WORKERS,
    ...(e.KP_CPU_THREADS !== undefined ? { cpuThreads: e.KP_CPU_THREADS } : {}),
    dataDir,
    logLevel: e.KP_LOG_LEVEL,
    maxBodyBytes: e.KP_MAX_BODY_BYTES,
    sweepIntervalMs: e.KP_SWEEP_INTERVAL_MS,
    sweepGraceMs: e.KP_SWEEP_GRACE_MS,
    reconcileIntervalMs: e.KP_RECONCILE_INTERVAL_MS,
    reconcileAfterMs: e.KP_RECONCILE_AFTER_MS,
    handlerMaxFailures: e.KP_HANDLER_MAX_FAILURES,
    shutdownTimeoutMs: e.KP_SHUTDOWN_TIMEOUT_MS,
    ...(e.KP_FEATURES ? { features: e.KP_FEATURES } : {}),
    limits: gatewayLimits(e),
    refusedKeep: refusedKeep(e),
    istandaarden: { deadlineScanMs: e.KP_DEADLINE_SCAN_MS },
    subscriptions: {
      retentionDays: e.KP_BRP_RETENTION_DAYS,
      retentionIntervalMs: e.KP_BRP_RETENTION_INTERVAL_MS,
      syncIntervalMs: e.KP_BRP_SYNC_INTERVAL_MS,
      indexRefreshMs: e.KP_BRP_INDEX_REFRESH_MS,
      ...(e.KP_BRP_ALERT_SOURCE ? { alertSource: e.KP_BRP_ALERT_SOURCE } : {}),
    },
    replay: { defaultRate: Math.min(e.KP_REPLAY_RATE, e.KP_REPLAY_MAX_RATE), maxRate: e.KP_REPLAY_MAX_RATE },
    pgb: {
      ...(e.KP_PGB_GEMEENTECODES ? { gemeentecodes: e.KP_PGB_GEMEENTECODES } : {}),
      ...(e.KP_PGB_LAYOUTS_DIR ? { layoutsDir: at(e.KP_PGB_LAYOUTS_DIR) } : {}),
      defaultLayout: e.KP_PGB_DEFAULT_LAYOUT!,
      maxListBytes: e.KP_PGB_MAX_LIST_BYTES,
      deadlineScanMs: e.KP_PGB_DEADLINE_SCAN_MS,
      followSyncMs: e.KP_PGB_FOLLOW_SYNC_MS,
      svbPartner: e.KP_PGB_SVB_PARTNER!,
      viaGgk: e.KP_PGB_VIA_GGK,
      ggkPartner: e.KP_PGB_GGK_PARTNER!,
    },
    ipgb: e.KP_IPGB_SCHEMAS_DIR ? { schemasDir: path.resolve(e.KP_IPGB_SCHEMAS_DIR) } : {},
    dkd: e.KP_DKD_FILE ? { file: path.resolve(e.KP_DKD_FILE) } : {},
    unknownVariables: unknown,
  };
}
