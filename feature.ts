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
  /**
   * Its part of levels 1–2 (the message formats it reads, its level-2 rules): the URL of a module exporting
   * `levels: FeatureLevels` (use `siblingModule(import.meta.url, './levels')`). Every thread of the worker pool
   * imports it (decision 0008), so it must stay light: adapters and rules, never the feature's runtime.
   */
  readonly levels?: string;
  setup(ctx: FeatureContext): FeatureParts | Promise<FeatureParts>;
}

/** What a feature adds to levels 1–2, built in every thread of the worker pool (ingest/levels.ts). */
export interface FeatureLevels {
  /** Message formats it reads, added to the adapter registry after the spine's; from `schemasDir` and the settings only. */
  adapters?(schemasDir: string, settings: Settings): Adapter[];
  /** Its level-2 rules (see Level2Judge). */
  level2?: Level2Judge;
}

/** The URL of the module `name` beside `base` (an import.meta.url), as the running code has it (.ts or compiled .js). */
export function siblingModule(base: string, name: string): string {
  return new URL(`${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base).href;
}

/**
 * A feature's level 2 (rules within the one message): pure (no store, no clock beyond today's date), run in the
 * worker pool right after the adapter, on the model it built. Its result reaches the feature's inspector as
 * `message.level2[feature name]`, so it must be structured-cloneable (plain data).
 */
export interface Level2Judge {
  readonly families: readonly string[];
  judge(message: AcceptedMessage): unknown;
}

export const LOCAL_POLICY: DeliveryPolicy = { timeoutMs: 30_000, maxAttempts: 10, backoffBaseMs: 1_000, backoffMaxMs: 300_000, concurrency: 8 };
