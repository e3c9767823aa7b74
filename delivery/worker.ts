import type { ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { DeliverySettings } from '../config/partners.ts';
import type { Metrics } from '../observability/metrics.ts';
import { chooseRetryTier } from '../queue/topology.ts';
import type { Broker, HandlerResult } from '../queue/broker.ts';
import type { ClaimedMessage, Store } from '../store/index.ts';
import { isStoreUnavailable, loggable } from '../store/unavailable.ts';
import { errorKind } from '../queue/errors.ts';
import { outboundPayload, type OutboundPayload } from '../mappings/outbound.ts';
import { backoffDelay } from './backoff.ts';
import type { DeliveryResponse } from './client.ts';
import type { DeliveryTransport } from './transport.ts';
import { outcomeOfStatus, type Outcome } from './outcome.ts';

/** A partner with an endpoint, or a consumer inside the gateway: a name (its queue) and how to deliver. */
export type DeliveryPolicy = Pick<DeliverySettings, 'timeoutMs' | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'concurrency'>
  & Partial<Pick<DeliverySettings, 'format' | 'envelope'>>;
export interface DeliveryTarget { name: string; delivery?: DeliveryPolicy }

export interface DeliveryWorkerDeps {
  broker: Broker; store: Store; metrics: Metrics; logger: Logger; owner: string; retryTiers: readonly number[];
  /** Failures of the handler itself (not of the partner) one message may have before it is given up; default 8. */
  handlerMaxFailures?: number;
}

/** How often the handler failed on this broker copy's way so far (a header carried through the retry tiers). */
const HANDLER_FAILURES = 'x-kp-handler-failures';
const DEFAULT_HANDLER_MAX_FAILURES = 8;

// Consumes one partner's delivery queue. Per message: claim it in the store (so a second copy
// never reaches the partner while, or after, the first is delivered), POST it, record the
// attempt, then retry through a delay tier, dead-letter, or finish.
export class DeliveryWorker {
  private consumer: { cancel(): Promise<void> } | undefined;
  private claims = 0;

  constructor(private readonly deps: DeliveryWorkerDeps, private readonly partner: DeliveryTarget, private readonly client: DeliveryTransport) {}

  start(): void {
    const settings = this.partner.delivery;
    if (!settings) throw new Error(`partner ${this.partner.name} has no delivery settings`);
    this.consumer = this.deps.broker.consume(this.deps.broker.names.deliverQueue(this.partner.name), settings.concurrency, (msg) => this.handle(msg));
  }

  /**
   * Never throws and never requeues: a failure of the handler itself (the store unavailable, a bug) is tried
   * again later through the retry tiers, and after `handlerMaxFailures` the message is given up: dead in the
   * store with reason 'handler-failed', or, when the store cannot even record that, left to the reconciler,
   * which publishes every pending delivery that did not advance once the store is back.
   */
  private async handle(msg: ConsumeMessage): Promise<HandlerResult> {
    const id = (msg.properties.messageId as string | undefined) ?? msg.content.toString();
    try {
      return await this.deliver(id);
    } catch (err) {
      return this.handlerFailed(id, msg, err);
    }
  }

  private async handlerFailed(id: string, msg: ConsumeMessage, err: unknown): Promise<HandlerResult> {
    const { logger, metrics } = this.deps;
    const partner = this.partner.name;
    const settings = this.partner.delivery!;
    const failures = Number(msg.properties.headers?.[HANDLER_FAILURES] ?? 0) + 1;
    const max = this.deps.handlerMaxFailures ?? DEFAULT_HANDLER_MAX_FAILURES;
    const unavailable = isStoreUnavailable(err);
    const kind = unavailable ? 'store-unavailable' : errorKind(err);
    if (failures <= max) {
      const delayMs = backoffDelay(failures, settings.backoffBaseMs, settings.backoffMaxMs);
      logger.warn({ messageId: id, partner, failures, nextDelayMs: delayMs, err: unavailable ? loggable(err) : err }, 'delivery handler failed; tried again later');
      // When even this publish fails the broker is down: the consumer gives the message back after a pause.
      await this.schedule(id, delayMs, { [HANDLER_FAILURES]: failures });
      return 'ack';
    }
    if (!unavailable) {
      try {
        await this.deps.store.recordAttempt(id, partner, { attempt: failures, outcome: 'dead', reason: 'handler-failed', error: `handler-failed: ${kind}`, durationMs: 0 });
        metrics.deadLettered.inc({ partner, reason: 'handler-failed' });
        logger.error({ messageId: id, partner, failures, err }, 'delivery handler kept failing; dead-lettered in the store');
        await this.deadLetter(id, failures, 'handler-failed', kind).catch(() => undefined);
        return 'ack';
      } catch (recordErr) {
        logger.error({ messageId: id, partner, err: loggable(recordErr) }, 'could not record a dead letter; left to the reconciler');
        return 'ack';
      }
    }
    // The store's row is the truth: this delivery is still pending there and the reconciler publishes it again.
    logger.warn({ messageId: id, partner, failures, err: loggable(err) }, 'store unavailable for this delivery; left to the reconciler');
    return 'ack';
  }

  private async deliver(id: string): Promise<HandlerResult> {
    const { store, logger } = this.deps;
    const settings = this.partner.delivery!;
    // Owner per claim, not per process: two copies of one message handled at once in this process
    // (a republish after a broker outage) must not both hold the lease.
    const owner = `${this.deps.owner}:${++this.claims}`;
    const claim = await store.claimDelivery(id, this.partner.name, owner, settings.timeoutMs + 5_000);
    if (claim.state === 'done') return 'ack';
    if (claim.state === 'busy') {
      // Another copy is in flight (here or in another instance): look again after its lease.
      await this.schedule(id, Math.max(100, claim.leaseUntil.getTime() - Date.now()));
      return 'ack';
    }
    // The claim returns the message (meta and payload); the reads remain for a store that does not.
    const message = claim.message ?? (await this.readMessage(id));
    if (!message) {
      logger.error({ messageId: id, partner: this.partner.name }, 'delivery got an id the store does not know; dead-lettered');
      return 'reject';
    }
    const attempt = claim.attempts + 1;
    const deliveries = message.deliveries;
    let outbound: OutboundPayload;
    try {
      outbound = outboundPayload({ format: settings.format ?? 'xml', envelope: settings.envelope ?? 'none' }, message.family, message.type, message.payload, message.contentType);
    } catch (err) {
      // A stored message that cannot take the partner's form never will: dead at once, with the reason.
      await this.settle(id, owner, attempt, { kind: 'refused', reason: 'mapping-failed', detail: (err as Error).message.slice(0, 200), durationMs: 0 }, deliveries);
      return 'ack';
    }
    const response = await this.client.send({
      messageId: id, family: message.family, type: message.type, contentType: outbound.contentType, payload: outbound.payload,
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
    });
    if (response.kind === 'stopped') {
      // Not an attempt: its outcome is unknown. The copy goes back to the queue (another process, or this one
      // after its restart, takes it once the lease has expired); the partner may get it twice, never not at all.
      logger.info({ messageId: id, partner: this.partner.name }, 'delivery abandoned: the gateway is stopping');
      return 'requeue';
    }
    await this.settle(id, owner, attempt, response, deliveries);
    return 'ack';
  }

  private async readMessage(id: string): Promise<ClaimedMessage | undefined> {
    const meta = await this.deps.store.getMeta(id);
    if (!meta) return undefined;
    return {
      family: meta.family, type: meta.type, contentType: meta.contentType, destinations: meta.destinations ?? [],
      payload: await this.deps.store.readPayload(id), ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
    };
  }

  private async settle(id: string, owner: string, attempt: number, response: Exclude<DeliveryResponse, { kind: 'stopped' }>, deliveries: number | undefined): Promise<void> {
    const { store, metrics, logger } = this.deps;
    const settings = this.partner.delivery!;
    const partner = this.partner.name;
    let outcome: Outcome = response.kind === 'http' ? outcomeOfStatus(response.status) : response.kind === 'refused' ? 'dead' : 'retry';
    let reason: string | undefined;
    if (outcome === 'dead') reason = response.kind === 'refused' ? response.reason : `http-${(response as { status: number }).status}`;
    if (outcome === 'retry' && attempt >= settings.maxAttempts) { outcome = 'dead'; reason = 'attempts-exhausted'; }
    const error = response.kind === 'http'
      ? (outcome === 'delivered' ? undefined : `http ${response.status}${response.detail ? `: ${response.detail}` : ''}`)
      : `${response.kind === 'refused' ? response.reason : response.code}: ${response.detail}`;
    const nextDelayMs = outcome === 'retry' ? backoffDelay(attempt, settings.backoffBaseMs, settings.backoffMaxMs) : undefined;

    await store.recordAttempt(id, partner, {
      owner, attempt, outcome, durationMs: Math.round(response.durationMs), ...(deliveries !== undefined ? { deliveries } : {}),
      ...(response.kind === 'http' ? { httpStatus: response.status } : {}),
      ...(error ? { error } : {}), ...(reason ? { reason } : {}),
      ...(nextDelayMs !== undefined ? { nextDelayMs } : {}),
    });
    metrics.deliveryAttempts.inc({ partner, outcome });
    metrics.deliverySeconds.observe({ partner }, response.durationMs / 1000);

    if (outcome === 'retry') {
      logger.warn({ messageId: id, partner, attempt, nextDelayMs, error }, 'delivery failed; retry scheduled');
      await this.schedule(id, nextDelayMs!);
    } else if (outcome === 'dead') {
      logger.warn({ messageId: id, partner, attempt, reason, error }, 'delivery dead-lettered');
      metrics.deadLettered.inc({ partner, reason: reason! });
      await this.deadLetter(id, attempt, reason!, error);
    } else {
      logger.debug({ messageId: id, partner, attempt }, 'delivered');
    }
  }

  private async schedule(id: string, delayMs: number, headers?: Record<string, unknown>): Promise<void> {
    const { broker, retryTiers } = this.deps;
    const tier = chooseRetryTier(delayMs, retryTiers);
    await broker.publish(broker.names.retry, `${tier}.${this.partner.name}`, Buffer.from(id), {
      messageId: id, contentType: 'text/plain', ...(headers ? { headers } : {}),
      ...(delayMs < tier ? { expiration: String(Math.max(1, Math.round(delayMs))) } : {}),
    });
  }

  private async deadLetter(id: string, attempts: number, reason: string, error: string | undefined): Promise<void> {
    const { broker } = this.deps;
    await broker.publish(broker.names.dead, this.partner.name, Buffer.from(id), {
      messageId: id, contentType: 'text/plain',
      headers: { 'x-kp-partner': this.partner.name, 'x-kp-reason': reason, 'x-kp-attempts': attempts, ...(error ? { 'x-kp-last-error': error } : {}) },
    });
  }

  /** Takes no new message and abandons the sends in flight (their copies go back to the queue). */
  async stop(): Promise<void> {
    this.client.stop?.();
    await this.consumer?.cancel();
  }
}
