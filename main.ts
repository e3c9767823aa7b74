import cluster from 'node:cluster';
import { ensureDevCerts } from './certs-dev/generate.ts';
import { withDevSecrets } from './config/dev-secrets.ts';
import { loadPartners } from './config/partners.ts';
import { SettingsError, settingsFromEnv, type Settings } from './config/settings.ts';
import { readiness } from './gateway/routes/health.ts';
import { startKetenpoort } from './ketenpoort.ts';
import { firstStartSummary } from './observability/first-start-summary.ts';
import { joinPrimary, runPrimary, workerCount } from './observability/cluster.ts';
import { createLogger } from './observability/logger.ts';
import { stopWithin } from './observability/shutdown.ts';

// `npm start`. Outside production, missing development certificates and secrets are made on
// the first start (certs-dev/out/, data/dev-secrets.env; neither is ever committed).
// KP_WORKERS=N (default: the cores) runs N gateway processes on PostgreSQL; on SQLite one process.
// The whole configuration is validated here, once: an invalid value stops the start with one line that names
// the variable and the rule (no stack trace), before anything is opened or scheduled.
let settings: Settings;
try {
  settings = settingsFromEnv();
} catch (err) {
  if (!(err instanceof SettingsError)) throw err;
  process.stderr.write(`ketenpoort: invalid configuration: ${err.message}\n`);
  process.exit(2);
}
const root = createLogger({ level: settings.logLevel });
const logger = root.child({ component: 'main' });
if (cluster.isPrimary && settings.unknownVariables.length > 0) {
  logger.warn({ variables: settings.unknownVariables }, 'unknown KP_* variables are ignored (a typo?); README "Configuration" lists every variable');
}
let env = process.env;
let summary: (() => Promise<string>) | undefined;
const workers = workerCount(settings.workers, /^postgres(ql)?:\/\//i.test(settings.databaseUrl ?? ''));
if (cluster.isPrimary && !settings.production) {
  const partners = loadPartners(settings.partnersFile);
  const certs = await ensureDevCerts({ outDir: settings.devCertsDir, partners: partners.partners.map((p) => ({ name: p.name, oin: p.oin })) });
  env = withDevSecrets(env, settings.dataDir);
  summary = () => firstStartSummary({ settings, partners, made: certs.created });
}
if (workers.note) logger.info({ workers: 1 }, workers.note);

if (cluster.isPrimary && workers.count > 1) {
  runPrimary(workers.count, settings.opsPort > 0 ? { host: settings.opsHost, port: settings.opsPort } : undefined, logger, env, settings.shutdownTimeoutMs);
  if (summary) process.stderr.write(await summary());
} else {
  try {
    // A worker leaves the ops port to the primary, which answers it for all of them.
    const kp = await startKetenpoort(cluster.isWorker ? { ...settings, opsPort: 0 } : settings, env, { logger: root });
    if (cluster.isWorker) joinPrimary(kp.metrics.registry, () => readiness(kp));
    // For the person at the terminal, beside the JSON log (on stderr, so a log collector reading stdout keeps JSON).
    if (summary) process.stderr.write(await summary());
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, timeoutMs: settings.shutdownTimeoutMs }, 'stopping');
      const code = await stopWithin(() => kp.close(), () => kp.shutdownOpen(), settings.shutdownTimeoutMs, logger, (c) => process.exit(c));
      logger.info({ code }, 'stopped');
      process.exit(code);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  } catch (err) {
    logger.fatal({ err }, 'ketenpoort could not start');
    process.exit(1);
  }
}
