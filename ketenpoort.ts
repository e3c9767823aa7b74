import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AdapterRegistry } from './adapters/registry.ts';
import { createIwmoIjwAdapter } from './adapters/iwmo-ijw/index.ts';
import { loadPartners, readTrustMaterial, type PartnerRegistry } from './config/partners.ts';
import type { Settings } from './config/settings.ts';
import { PartnerClient } from './delivery/client.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { buildGateway, buildOpsServer } from './gateway/app.ts';
import { Ingest } from './ingest/accept.ts';
import { Sweeper } from './ingest/sweeper.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { Broker } from './queue/broker.ts';
import { Router } from './queue/router.ts';
import { openStore, secretsFromEnv, type Store } from './store/index.ts';

export interface Ketenpoort {
  readonly url: string;
  readonly port: number;
  readonly opsUrl: string | undefined;
  readonly partners: PartnerRegistry;
  readonly store: Store;
  readonly broker: Broker;
  readonly metrics: Metrics;
  readonly logger: Logger;
  close(): Promise<void>;
}

const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMAS_DIR = path.join(ROOT, 'schemas');

// The composition root: reads configuration, opens the store, connects the broker, starts the
// router, one delivery worker per partner with an endpoint, the sweeper, and the two servers.
export async function startKetenpoort(settings: Settings, env: NodeJS.ProcessEnv = process.env, logger: Logger = createLogger({ level: settings.logLevel })): Promise<Ketenpoort> {
  const partners = loadPartners(settings.partnersFile);
  const trust = readTrustMaterial(partners);
  const metrics = createMetrics();
  const store = await openStore({
    ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl, pgPoolSize: settings.pgPoolSize } : { sqliteFile: settings.sqliteFile, sqliteSynchronous: settings.sqliteSynchronous }),
    secrets: secretsFromEnv(env),
    logger,
  });
  const registry = new AdapterRegistry([createIwmoIjwAdapter(SCHEMAS_DIR)]);
  const destinations = partners.partners.filter((p) => p.delivery).map((p) => p.name);
  const broker = new Broker({ url: settings.amqpUrl, prefix: settings.queuePrefix, partners: destinations, retryTiers: settings.retryTiers, logger });
  broker.on('up', () => metrics.brokerUp.set(1));
  broker.on('down', () => metrics.brokerUp.set(0));
  broker.start();

  const ingest = new Ingest({ registry, partners, store, broker, metrics, logger });
  const router = new Router({ broker, store, ingest, logger });
  router.start();

  const identity = { cert: readFileSync(settings.clientIdentity.certFile), key: readFileSync(settings.clientIdentity.keyFile) };
  const owner = randomUUID();
  const workers: DeliveryWorker[] = [];
  const clients: PartnerClient[] = [];
  for (const partner of partners.partners) {
    if (!partner.delivery) continue;
    const client = new PartnerClient(partner.delivery, trust.serverCa(partner.name)!, identity);
    const worker = new DeliveryWorker({ broker, store, metrics, logger, owner, retryTiers: settings.retryTiers }, partner, client);
    worker.start();
    clients.push(client);
    workers.push(worker);
  }
  const sweeper = new Sweeper({ store, broker, ingest, metrics, logger }, { intervalMs: settings.sweepIntervalMs, graceMs: settings.sweepGraceMs, batch: 500 });
  sweeper.start();

  const gateway = buildGateway(
    { partners, ingest, logger, broker, store, metrics },
    { key: readFileSync(settings.tls.keyFile), cert: readFileSync(settings.tls.certFile), clientCas: trust.clientCas },
    settings.maxBodyBytes,
  );
  await gateway.listen({ host: settings.host, port: settings.port });
  const port = (gateway.server.address() as { port: number }).port;
  let ops: FastifyInstance | undefined;
  if (settings.opsPort > 0) {
    ops = buildOpsServer({ broker, store, metrics }, logger);
    await ops.listen({ host: settings.opsHost, port: settings.opsPort });
  }
  const opsPort = ops ? (ops.server.address() as { port: number }).port : undefined;
  logger.info({ port, opsPort, partners: partners.partners.length, store: store.dialect }, 'ketenpoort listening');

  return {
    url: `https://localhost:${port}`,
    port,
    opsUrl: opsPort ? `http://${settings.opsHost}:${opsPort}` : undefined,
    partners, store, broker, metrics, logger,
    async close() {
      await gateway.close();
      await ops?.close();
      await sweeper.stop();
      await router.stop();
      await Promise.all(workers.map((w) => w.stop()));
      await broker.close();
      await Promise.all(clients.map((c) => c.close()));
      await store.close();
      registry.dispose();
    },
  };
}
