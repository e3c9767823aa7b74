import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { InvalidTopologyName } from './errors.ts';

export const DEFAULT_RETRY_TIERS: readonly number[] = [
  1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
];

/** Deliveries per message before a quorum queue dead-letters it (reason `delivery_limit`). */
export const DELIVERY_LIMIT = 20;

/**
 * The dead queue dead-letters into itself, but RabbitMQ drops a message whose dead-letter path is
 * a cycle without a 'rejected' in it ("Dead-letter queues cycle detected", verified on 3.10.8 with
 * a limit of 2). RabbitMQ 4 puts a default limit of 20 on every quorum queue, so an operator tool
 * that requeues a dead letter 20 times would lose it. A limit no one reaches avoids that on both
 * versions; -1 is no way out: 4.x reads it as "no limit", 3.10 dead-letters at the first requeue.
 */
export const DEAD_QUEUE_DELIVERY_LIMIT = 1_000_000;

export interface TopologyNames {
  deliver: string;
  retry: string;
  /** The dead-letter exchange (fanout) and the queue bound to it share this name. */
  dead: string;
  deliverQueue(partner: string): string;
  retryQueue(delayMs: number): string;
}

// Partner names become topic routing-key words: a dot, '*' or '#' would change what a binding matches.
const PARTNER_NAME = /^[A-Za-z0-9_-]{1,100}$/;
const PREFIX = /^[A-Za-z0-9._-]{1,100}$/;

export function assertPartnerName(partner: string): void {
  if (!PARTNER_NAME.test(partner)) throw new InvalidTopologyName('partner name', partner);
}

export function assertRetryTiers(tiers: readonly number[]): void {
  if (tiers.length === 0) throw new RangeError('at least one retry tier is needed');
  for (const tier of tiers) {
    if (!Number.isSafeInteger(tier) || tier <= 0) throw new RangeError(`retry tier ${tier} is not a positive whole number of milliseconds`);
  }
}

export function topologyNames(prefix: string): TopologyNames {
  if (!PREFIX.test(prefix)) throw new InvalidTopologyName('queue prefix', prefix);
  return {
    deliver: `${prefix}.deliver`,
    retry: `${prefix}.retry`,
    dead: `${prefix}.dead`,
    deliverQueue: (partner) => {
      assertPartnerName(partner);
      return `${prefix}.deliver.${partner}`;
    },
    retryQueue: (delayMs) => `${prefix}.retry.${delayMs}`,
  };
}

/**
 * What versions before the router hop went (issue 10) declared: ingest published to the `inbound` exchange and a
 * router consumed the `router` queue. Nothing declares them any more; a broker that still has them is drained
 * once at start (delivery/legacy-router.ts) and they are deleted.
 */
export interface LegacyTopologyNames {
  inbound: string;
  router: string;
}

export function legacyTopologyNames(prefix: string): LegacyTopologyNames {
  if (!PREFIX.test(prefix)) throw new InvalidTopologyName('queue prefix', prefix);
  return { inbound: `${prefix}.inbound`, router: `${prefix}.router` };
}

/** The smallest tier that is at least delayMs; the largest tier when none is. */
export function chooseRetryTier(delayMs: number, tiers: readonly number[]): number {
  let best: number | undefined;
  let largest: number | undefined;
  for (const tier of tiers) {
    if (tier >= delayMs && (best === undefined || tier < best)) best = tier;
    if (largest === undefined || tier > largest) largest = tier;
  }
  if (largest === undefined) throw new RangeError('at least one retry tier is needed');
  return best ?? largest;
}

/** Routing key on the retry exchange; after the tier's TTL the dead-lettered copy reaches the partner via `*.<partner>`. */
export function retryRoutingKey(tierMs: number, partner: string): string {
  return `${tierMs}.${partner}`;
}

// Queue arguments. RabbitMQ compares them on every redeclare (406 PRECONDITION_FAILED when they
// differ), so changing any of these needs a migration of existing queues.
export function workQueueArguments(names: TopologyNames): Record<string, unknown> {
  return { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': names.dead, 'x-delivery-limit': DELIVERY_LIMIT };
}

export function retryQueueArguments(names: TopologyNames, tierMs: number): Record<string, unknown> {
  return { 'x-queue-type': 'quorum', 'x-message-ttl': tierMs, 'x-dead-letter-exchange': names.deliver };
}

export function deadQueueArguments(names: TopologyNames): Record<string, unknown> {
  return { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': names.dead, 'x-delivery-limit': DEAD_QUEUE_DELIVERY_LIMIT };
}

/**
 * Exchanges, the dead and retry queues. Deliver and retry have P.dead as their
 * alternate exchange: a message no binding matches (an undeclared partner, a tier that does not
 * exist) lands in P.dead instead of being confirmed and silently dropped.
 */
export async function declareCoreTopology(ch: Channel, names: TopologyNames, tiers: readonly number[]): Promise<void> {
  assertRetryTiers(tiers);
  await ch.assertExchange(names.dead, 'fanout', { durable: true });
  for (const exchange of [names.deliver, names.retry]) {
    await ch.assertExchange(exchange, 'topic', { durable: true, alternateExchange: names.dead });
  }
  await ch.assertQueue(names.dead, { durable: true, arguments: deadQueueArguments(names) });
  await ch.bindQueue(names.dead, names.dead, '');
  for (const tier of new Set(tiers)) {
    const queue = names.retryQueue(tier);
    await ch.assertQueue(queue, { durable: true, arguments: retryQueueArguments(names, tier) });
    await ch.bindQueue(queue, names.retry, `${tier}.*`);
  }
}

export async function declarePartnerQueue(ch: Channel, names: TopologyNames, partner: string): Promise<void> {
  const queue = names.deliverQueue(partner);
  await ch.assertQueue(queue, { durable: true, arguments: workQueueArguments(names) });
  await ch.bindQueue(queue, names.deliver, partner);
  await ch.bindQueue(queue, names.deliver, `*.${partner}`);
}

/** Removes every queue and exchange of a prefix, the legacy ones too (tests). Deleting what does not exist is not an error. */
export async function deleteTopology(url: string, prefix: string, partners: readonly string[], tiers: readonly number[] = DEFAULT_RETRY_TIERS): Promise<void> {
  const names = topologyNames(prefix);
  const legacy = legacyTopologyNames(prefix);
  const conn: ChannelModel = await connect(url);
  conn.on('error', () => {});
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    const queues = [legacy.router, names.dead, ...partners.map((p) => names.deliverQueue(p)), ...tiers.map((t) => names.retryQueue(t))];
    for (const queue of queues) await ch.deleteQueue(queue);
    for (const exchange of [legacy.inbound, names.deliver, names.retry, names.dead]) await ch.deleteExchange(exchange);
    await ch.close();
  } finally {
    await conn.close().catch(() => {});
  }
}
