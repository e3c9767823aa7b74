import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { settingsFromEnv, type Settings } from '../../config/settings.ts';
import { auditFeature } from '../../audit/index.ts';
import type { Feature } from '../../feature.ts';
import { startKetenpoort, type Ketenpoort } from '../../ketenpoort.ts';
import { createLogger } from '../../observability/logger.ts';
import { deleteTopology } from '../../queue/topology.ts';
import { PartnerEndpoint, type Behaviour, type Receipt } from '../../demo/partner-endpoint.ts';
import { freshDatabase } from './db.ts';
import { installResponseCheck } from './openapi-check.ts';
import { DEV_PARTNERS_FILE, testCerts } from './certs.ts';
import type { DevCertFiles } from '../../certs-dev/generate.ts';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const TEST_RETRY_TIERS = [100, 200, 400, 800, 1600, 3200];

/** Every log line any test gateway writes, so a test can prove no personal data reached a log. */
export const capturedLogs: string[] = [];

export interface DeliveryOverrides { timeoutMs?: number; maxAttempts?: number; backoffBaseMs?: number; backoffMaxMs?: number; concurrency?: number }

/** The dev partner configuration, with delivery URLs pointing at the given local endpoints and absolute cert paths. */
export function writeTestPartners(dir: string, certs: DevCertFiles, endpoints: Record<string, string>, overrides: DeliveryOverrides = {}): string {
  const doc = parse(readFileSync(DEV_PARTNERS_FILE, 'utf8')) as { partners: Array<Record<string, any>> };
  for (const p of doc.partners) {
    p.ca = certs.caCert;
    if (p.delivery) {
      p.delivery.url = endpoints[p.name] ?? 'https://127.0.0.1:1/nowhere';
      p.delivery.serverCa = certs.caCert;
      Object.assign(p.delivery, overrides);
    }
  }
  const file = path.join(dir, 'partners.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

export function testEnv(certs: DevCertFiles, partnersFile: string, db: { databaseUrl?: string; sqliteFile?: string }, prefix: string): NodeJS.ProcessEnv {
  return {
    KP_PORT: '0', KP_OPS_PORT: '0', KP_HOST: '127.0.0.1',
    KP_PARTNERS_FILE: partnersFile,
    KP_TLS_CERT: certs.serverCert, KP_TLS_KEY: certs.serverKey,
    KP_CLIENT_CERT: certs.gatewayClientCert, KP_CLIENT_KEY: certs.gatewayClientKey,
    AMQP_URL, KP_QUEUE_PREFIX: prefix,
    KP_RETRY_TIERS_MS: TEST_RETRY_TIERS.join(','),
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { KP_SQLITE_FILE: db.sqliteFile }),
    KP_PAYLOAD_KEYS: `t1:${randomBytes(32).toString('base64')}`, KP_PAYLOAD_KEY_ID: 't1',
    KP_BSN_HMAC_KEY: randomBytes(32).toString('base64'),
    KP_SWEEP_INTERVAL_MS: '500', KP_SWEEP_GRACE_MS: '1000',
    KP_LOG_LEVEL: 'info',
    // No load shedding: on a busy two-core machine a GC pause or a neighbour's build can stall the event loop
    // past the threshold, and a functional test would get 503 overloaded. The hostile-clients test sets it.
    KP_MAX_EVENT_LOOP_STALL_MS: '0', KP_MAX_EVENT_LOOP_DELAY_MS: '0',
    // One validation thread per test gateway: the suite starts many gateways on a two-core machine.
    KP_CPU_THREADS: '1',
  };
}

export interface TestChain {
  kp: Ketenpoort;
  certs: DevCertFiles;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  endpoints: Record<string, PartnerEndpoint>;
  close(): Promise<void>;
}

/** What `endpoint` of the chain received that matches, waiting for it (delivery is asynchronous). */
export async function receivedAt(chain: TestChain, endpoint: string, find: (r: Receipt) => boolean, timeoutMs = 20_000): Promise<Receipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = [...chain.endpoints[endpoint]!.received.values()].find(find);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`${endpoint} received nothing that matches after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A gateway on its own queue prefix and fresh database, with a live endpoint for each named partner. */
/**
 * The spine with the audit log only: for tests of transport, routing and delivery, which send corpus samples
 * as they are (the iStandaarden feature would answer a repeated Identificatie with 9056, a 305 for an
 * unknown toewijzing with 9019).
 */
export const SPINE_ONLY: readonly Feature[] = [auditFeature];

export interface TestChainOptions {
  endpoints?: Record<string, Behaviour>;
  delivery?: DeliveryOverrides;
  /** Default: all of them (FEATURES). */
  features?: readonly Feature[];
  /** Extra environment (feature settings). */
  env?: NodeJS.ProcessEnv;
}

export async function startTestChain(opts: TestChainOptions = {}): Promise<TestChain> {
  const certs = await testCerts();
  const ca = readFileSync(certs.caCert);
  const endpoints: Record<string, PartnerEndpoint> = {};
  for (const [name, behaviour] of Object.entries(opts.endpoints ?? { 'aanbieder-42420001': () => ({ status: 200 }) })) {
    endpoints[name] = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca, behaviour }).start();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-chain-'));
  const partnersFile = writeTestPartners(dir, certs, Object.fromEntries(Object.entries(endpoints).map(([n, e]) => [n, e.url])), opts.delivery);
  const db = await freshDatabase();
  const prefix = `kpt${randomBytes(4).toString('hex')}`;
  const env = { ...testEnv(certs, partnersFile, db, prefix), ...opts.env };
  const settings = settingsFromEnv(env);
  const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _enc, cb) { capturedLogs.push(String(chunk)); cb(); } }) });
  const kp = await startKetenpoort(settings, env, { logger, onGateway: installResponseCheck, ...(opts.features ? { features: opts.features } : {}) });
  await kp.broker.whenUp(15_000);
  return {
    kp, certs, settings, env, endpoints,
    async close() {
      await kp.close();
      await Promise.all(Object.values(endpoints).map((e) => e.stop()));
      await deleteTopology(AMQP_URL, prefix, kp.destinations, settings.retryTiers);
      await db.cleanup();
    },
  };
}

/** The message's events once one of type `type` is among them; fails after `timeoutMs`. */
export async function untilEvent(chain: TestChain, id: string, type: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await chain.kp.store.events(id);
    if (events.some((e) => e.type === type)) return events;
    if (Date.now() > deadline) throw new Error(`no ${type} event for ${id} after ${timeoutMs} ms: ${events.map((e) => e.type).join(',')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
