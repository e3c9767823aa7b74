import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { auditFeature } from './audit/index.ts';
import { cockpitFeature } from './cockpit/feature.ts';
import { dkdFeature } from './dkd/feature.ts';
import { istandaardenFeature } from './istandaarden/feature.ts';
import { createSubscriptionsFeature } from './subscriptions/feature.ts';
import { PGB_SUBSCRIPTION } from './pgb/brp.ts';
import { pgbFeature } from './pgb/feature.ts';
import { loadPartners, type PartnerRegistry } from './config/partners.ts';
import { readTrustMaterial } from './config/trust-material.ts';
import type { Settings } from './config/settings.ts';
import { PartnerClient } from './delivery/client.ts';
import { LocalTransport, type DeliveryTransport } from './delivery/transport.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { drainLegacyRouter } from './delivery/legacy-router.ts';
import { Reconciler } from './delivery/reconciler.ts';
import { LOCAL_POLICY, type Feature, type FeatureContext, type FeatureParts } from './feature.ts';
import { buildGateway, buildOpsServer } from './gateway/app.ts';
import { Ingest } from './ingest/accept.ts';
import { cpuThreads, LevelsPool } from './ingest/levels-pool.ts';
import { RefusedKeeper, storeRefusedBudget } from './ingest/refused-keep.ts';
import { Sweeper } from './ingest/sweeper.ts';
import { workerCount } from './observability/cluster.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { Broker } from './queue/broker.ts';
import { legacyTopologyNames } from './queue/topology.ts';
import { openStore, secretsFromEnv, type Store } from './store/index.ts';
import { loggable } from './store/unavailable.ts';
import { ShutdownSteps } from './observability/shutdown.ts';

export interface Ketenpoort {
  readonly url: string;
  readonly port: number;
  readonly opsUrl: string | undefined;
  readonly partners: PartnerRegistry;
  readonly store: Store;
  readonly broker: Broker;
  readonly ingest: Ingest;
  /** The worker threads that run levels 1–2. */
  readonly levels: LevelsPool;
  /** Every delivery queue: partners with an endpoint and the features' local consumers. */
  readonly destinations: readonly string[];
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Stops everything, in order; throws when a step failed (after running the others). */
  close(): Promise<void>;
  /** The steps of a stop in progress that have not finished (for the log line of a stop past its deadline). */
  shutdownOpen(): { step: string; ms: number }[];
}

/** Requests in flight at a stop get this long (at most a third of KP_SHUTDOWN_TIMEOUT_MS) before their connections are cut. */
const HTTP_DRAIN_MAX_MS = 10_000;

const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMAS_DIR = path.join(ROOT, 'schemas');

// The composition root: reads configuration, opens the store, connects the broker, starts one delivery worker per partner with an endpoint, the sweeper, and the two servers.
export interface StartOptions {
  logger?: Logger;
  /** The parts beyond the spine; default all of them (FEATURES). */
  features?: readonly Feature[];
  /** Called with the mTLS server's fastify instance before its routes are registered (tests: the OpenAPI response check). */
  onGateway?: (app: FastifyInstance) => void;
}

/** Every part of the gateway beyond the spine, in the order they are set up. */
// The pgb feature follows budgethouders as an internal subscriber of the subscriptions feature (subscriptions/internal.ts).
export const FEATURES: readonly Feature[] = [
  auditFeature, istandaardenFeature, createSubscriptionsFeature({ internal: [PGB_SUBSCRIPTION] }), cockpitFeature, pgbFeature, dkdFeature,
];

/**
 * KP_FEATURES (validated against FEATURE_NAMES in config/schema.ts): the subset of FEATURES to run (default
 * all). The audit log always runs, as the cockpit and the subscriptions record disclosures in it.
 */
export function featuresNamed(names: readonly string[] | undefined): readonly Feature[] {
  if (names === undefined) return FEATURES;
  return FEATURES.filter((f) => f.name === 'audit' || names.includes(f.name));
}

/**
 * `settings` is the validated configuration (config/settings.ts); `env` is read for the secrets only
 * (store/secrets.ts: development secrets may have been added to it since the settings were read).
 */
export async function startKetenpoort(settings: Settings, env: NodeJS.ProcessEnv = process.env, opts: StartOptions = {}): Promise<Ketenpoort> {
  const root = opts.logger ?? createLogger({ level: settings.logLevel });
  // One child logger per part, made here once and passed down: every line says which part wrote it.
  const log = (component: string) => root.child({ component });
  const logger = log('gateway');
  const features = opts.features ?? featuresNamed(settings.features);
  const limits = settings.limits;
  const partners = loadPartners(settings.partnersFile);
  const trust = readTrustMaterial(partners);
  const metrics = createMetrics();
  const secrets = secretsFromEnv(env);
  // Levels 1–2 run in a pool of worker threads, each with its own adapters (decision 0008); the cores are
  // shared among the gateway processes. The threads build their adapters while the store opens.
  const processes = workerCount(settings.workers, settings.databaseUrl !== undefined && /^postgres(ql)?:\/\//i.test(settings.databaseUrl)).count;
  const starting = LevelsPool.start({
    schemasDir: SCHEMAS_DIR,
    features: features.flatMap((f) => (f.levels ? [{ name: f.name, levels: f.levels }] : [])),
    bsnHmacKey: secrets.bsnHmacKey,
    threads: cpuThreads(settings.cpuThreads, processes),
    settings,
    env,
    logger,
  });
  starting.catch(() => undefined); // awaited below; a failure before that must not be unhandled
  const store = await openStore({
    ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl, pgPoolSize: settings.pgPoolSize } : { sqliteFile: settings.sqliteFile, sqliteSynchronous: settings.sqliteSynchronous }),
    secrets,
    logger: log('store'),
    migrations: features.flatMap((f) => f.migrations ?? []),
  });
  for (const [name, key] of [['kp_store_statements_total', 'statements'], ['kp_store_transactions_total', 'transactions'], ['kp_store_autocommit_statements_total', 'autocommit']] as const) {
    new Counter({ name, help: `Store ${key} sent to the database`, registers: [metrics.registry], collect() { this.reset(); this.inc(store.counters()[key]); } });
  }
  const destinations = partners.partners.filter((p) => p.delivery).map((p) => p.name);
  const broker = new Broker({ url: settings.amqpUrl, prefix: settings.queuePrefix, partners: destinations, retryTiers: settings.retryTiers, logger: log('queue') });
  broker.on('up', () => metrics.brokerUp.set(1));
  broker.on('down', () => metrics.brokerUp.set(0));

  const ingestLogger = log('ingest');
  const levels = await starting;
  const ingest = new Ingest({ levels, partners, store, broker, metrics, logger: ingestLogger, refused: new RefusedKeeper(settings.refusedKeep, ingestLogger, metrics.registry, Date.now, storeRefusedBudget(store)) });
  const identity = { cert: readFileSync(settings.clientIdentity.certFile), key: readFileSync(settings.clientIdentity.keyFile) };
  const context: FeatureContext = { settings, partners, trust, store, broker, ingest, metrics, logger, clientIdentity: identity };
  const parts: FeatureParts[] = [];
  for (const feature of features) parts.push(await feature.setup({ ...context, logger: log(feature.name) }));
  const consumers = parts.flatMap((p) => p.consumers ?? []);
  for (const part of parts) if (part.inspector) ingest.use({ inspector: part.inspector });
  ingest.use({ localRoutes: consumers.filter((c) => c.matches).map((c) => ({ name: c.name, matches: c.matches! })) });
  for (const c of consumers) broker.addDestination(c.name);
  // A router queue an older version left behind is drained once, at the first broker 'up' where that succeeds.
  let legacyDrain: Promise<unknown> | undefined;
  broker.on('up', () => {
    legacyDrain ??= drainLegacyRouter({ broker, store, logger }, legacyTopologyNames(settings.queuePrefix)).catch((err: unknown) => {
      legacyDrain = undefined;
      logger.warn({ err: loggable(err) }, 'draining the router queue of an older version failed; tried again when the broker is next up');
    });
  });
  broker.start();

  const owner = randomUUID();
  const workers: DeliveryWorker[] = [];
  const transports: DeliveryTransport[] = [];
  const deliveryLogger = log('delivery');
  const workerDeps = { broker, store, metrics, logger: deliveryLogger, owner, retryTiers: settings.retryTiers, handlerMaxFailures: settings.handlerMaxFailures };
  for (const partner of partners.partners) {
    if (!partner.delivery) continue;
    const client = new PartnerClient(partner.delivery, trust.serverCa(partner.name)!, identity);
    const worker = new DeliveryWorker(workerDeps, partner, client);
    worker.start();
    transports.push(client);
    workers.push(worker);
  }
  for (const consumer of consumers) {
    const worker = new DeliveryWorker(workerDeps, { name: consumer.name, delivery: { ...LOCAL_POLICY, ...consumer.policy } }, new LocalTransport(consumer.handle));
    worker.start();
    workers.push(worker);
  }
  const sweeper = new Sweeper({ store, broker, ingest, metrics, logger: ingestLogger }, { intervalMs: settings.sweepIntervalMs, graceMs: settings.sweepGraceMs, batch: 500 });
  sweeper.start();
  const reconciler = new Reconciler(
    { store, broker, logger: deliveryLogger, registry: metrics.registry, destinations: [...destinations, ...consumers.map((c) => c.name)] },
    { intervalMs: settings.reconcileIntervalMs, afterMs: settings.reconcileAfterMs, batch: 500 },
  );
  reconciler.start();

  const informational = () => Object.assign({}, ...parts.map((p) => p.readiness?.() ?? {})) as Record<string, unknown>;
  const gateway = buildGateway(
    { partners, ingest, logger, broker, store, metrics, informational, routes: parts.flatMap((p) => (p.gatewayRoutes ? [p.gatewayRoutes] : [])), ...(opts.onGateway ? { onApp: opts.onGateway } : {}) },
    { key: readFileSync(settings.tls.keyFile), cert: readFileSync(settings.tls.certFile), clientCas: trust.clientCas },
    settings.maxBodyBytes,
    limits,
  );
  await gateway.listen({ host: settings.host, port: settings.port });
  const port = (gateway.server.address() as { port: number }).port;
  let ops: FastifyInstance | undefined;
  if (settings.opsPort > 0) {
    ops = buildOpsServer({ broker, store, metrics, informational }, log('ops'));
    await ops.listen({ host: settings.opsHost, port: settings.opsPort });
  }
  const steps = new ShutdownSteps(log('shutdown'));
  const opsPort = ops ? (ops.server.address() as { port: number }).port : undefined;
  for (const part of parts) await part.start?.();
  logger.info({ port, opsPort, partners: partners.partners.length, store: store.dialect, features: features.map((f) => f.name), cpuThreads: levels.threads }, 'ketenpoort listening');

  return {
    url: `https://localhost:${port}`,
    port,
    opsUrl: opsPort ? `http://${settings.opsHost}:${opsPort}` : undefined,
    partners, store, broker, ingest, levels, metrics, logger: root,
    destinations: [...destinations, ...consumers.map((c) => c.name)],
    shutdownOpen: () => steps.open,
    async close() {
      // Each step is bounded by what it waits for; main.ts bounds the whole (KP_SHUTDOWN_TIMEOUT_MS) and logs
      // `shutdownOpen` when that passes.
      await steps.run('https-server', () => closeWithin(gateway, Math.min(HTTP_DRAIN_MAX_MS, Math.floor(settings.shutdownTimeoutMs / 3))));
      await steps.run('ops-server', async () => ops?.close());
      for (const [i, part] of [...parts].reverse().entries()) await steps.run(`feature ${features[parts.length - 1 - i]!.name}`, async () => part.stop?.());
      await steps.run('sweeper', () => sweeper.stop());
      await steps.run('reconciler', () => reconciler.stop());
      await steps.run('delivery workers', () => Promise.all(workers.map((w) => w.stop())));
      await steps.run('broker', () => broker.close());
      await steps.run('legacy router drain', async () => legacyDrain); // after the broker: a drain waiting on a channel ends when its connection closes
      await steps.run('partner clients', () => Promise.all(transports.map((c) => c.close?.())));
      await steps.run('levels pool', () => levels.close());
      await steps.run('store', () => store.close());
      steps.finish();
    },
  };
}

/**
 * Stops listening and lets requests in flight finish (idle keep-alive connections close at once); after
 * `graceMs` the connections still open are cut. A cut request was not answered 202, so its sender sends it again
 * (with its Idempotency-Key: the store's dedup answers a message already taken).
 */
async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
