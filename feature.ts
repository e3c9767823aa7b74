import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Adapter, AcceptedMessage } from './adapters/types.ts';
import type { PartnerRegistry } from './config/partners.ts';
import type { Settings } from './config/settings.ts';
import type { TrustMaterial } from './config/trust-material.ts';
import type { LocalHandler } from './delivery/transport.ts';
import type { DeliveryPolicy } from './delivery/worker.ts';
import type { Ingest, IngestInspector } from './ingest/accept.ts';
import type { Metrics } from './observability/metrics.ts';
import type { Broker } from './queue/broker.ts';
import type { Migration, Store } from './store/index.ts';

/** Everything a part of the gateway may use once the spine is up. */
export interface FeatureContext {
  /** The validated configuration; each part reads its own section (config/schema.ts). */
  settings: Settings;
  partners: PartnerRegistry;
  trust: TrustMaterial;
  store: Store;
  broker: Broker;
  ingest: Ingest;
  metrics: Metrics;
  logger: Logger;
  /** The gateway's own client certificate towards partners. */
  clientIdentity: { cert: Buffer; key: Buffer };
}

/**
 * A consumer inside the gateway, used as a delivery destination: messages it `matches` are routed to it at
 * ingest, and it gets the spine's claim, retries, backoff and dead-lettering (its name is its queue name).
 */
export interface LocalConsumer {
  name: string;
  matches?(message: AcceptedMessage): boolean;
  handle: LocalHandler;
  policy?: Partial<DeliveryPolicy>;
}

/** What a feature adds once set up. */
export interface FeatureParts {
  /** Registered on the partner-facing mTLS server (partner identity is on `req.partner`). */
  gatewayRoutes?: (app: FastifyInstance) => Promise<void>;
  /**
   * Later control levels at ingest (decision 0003). It reads, never writes: the rows it needs (level-3
   * claims, deadline rows, ledger rows) it returns as `Inspection.persist`, which ingest runs in the message's
   * own group-commit transaction, in a savepoint, on the feature's own tables. A unique constraint that
   * another message holds becomes the rule's refusal (`persist` returns an Inspection with `refuse`), never an
   * error. Nothing a feature needs is written after the 202 by a listener.
   */
  inspector?: IngestInspector;
  consumers?: LocalConsumer[];
  /**
   * Informational checks shown in /readyz under `info` (for instance the state of a remote service's circuit
   * breaker); they never make the gateway unready: readiness is whether it can take messages.
   */
  readiness?(): Record<string, unknown>;
  /** Background work (timers, monitors); called after both servers listen. */
  start?(): void | Promise<void>;
  stop?(): Promise<void>;
}

/**
 * One part of the gateway beyond the spine (iStandaarden retours and deadlines, BRP subscriptions, the
 * operator cockpit). Its tables come with it as migrations, prefixed with its name.
 */
export interface Feature {
  readonly name: string;
  readonly migrations?: readonly Migration[];
  /** Message formats it reads, added to the adapter registry after the spine's. */
  adapters?(schemasDir: string, settings: Settings): Adapter[];
  setup(ctx: FeatureContext): FeatureParts | Promise<FeatureParts>;
}

export const LOCAL_POLICY: DeliveryPolicy = { timeoutMs: 30_000, maxAttempts: 10, backoffBaseMs: 1_000, backoffMaxMs: 300_000, concurrency: 8 };
