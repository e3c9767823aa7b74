import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { MessageRejected, type AcceptedMessage } from '../adapters/types.ts';
import type { AdapterRegistry } from '../adapters/registry.ts';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import { resolveRoute } from '../mappings/routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Broker } from '../queue/broker.ts';
import type { MessageMeta, Store } from '../store/index.ts';
import { Refusal } from './refusal.ts';

export type IngestOutcome =
  | { kind: 'accepted'; meta: MessageMeta; duplicate: boolean }
  | { kind: 'stored-unpublished'; meta: MessageMeta; retryAfterSeconds: number };

export interface IngestDeps { registry: AdapterRegistry; partners: PartnerRegistry; store: Store; broker: Broker; metrics: Metrics; logger: Logger }

export interface IngestRequest { contentType: string; idempotencyKey?: string; requestId?: string }

const RETRY_AFTER_SECONDS = 5;

// validate → authorise → route → store (durable) → publish with confirm. Nothing is answered
// 2xx before the message is in the store; when the broker cannot confirm, the message stays
// stored as 'received', the sender hears 503, and the sweeper publishes it once the broker is back.
export class Ingest {
  constructor(private readonly deps: IngestDeps) {}

  async accept(partner: Partner, body: Buffer, req: IngestRequest): Promise<IngestOutcome> {
    const { metrics } = this.deps;
    metrics.received.inc({ partner: partner.name });
    let message: AcceptedMessage | undefined;
    try {
      message = this.validate(body);
      const destination = this.authoriseAndRoute(partner, message);
      return await this.storeAndPublish(partner, message, destination, body, req);
    } catch (err) {
      if (err instanceof Refusal) {
        metrics.rejected.inc({ family: message?.family ?? 'unknown', type: message?.type ?? 'unknown', partner: partner.name, code: err.errors[0]?.code ?? 'unknown' });
      }
      throw err;
    }
  }

  private validate(body: Buffer): AcceptedMessage {
    try {
      return this.deps.registry.process(body);
    } catch (err) {
      if (err instanceof MessageRejected) throw new Refusal(err.status, err.errors);
      throw err;
    }
  }

  private authoriseAndRoute(partner: Partner, message: AcceptedMessage): string {
    if (!partner.messageTypes.has(message.type)) {
      throw Refusal.of(403, 'not-authorised', `partner ${partner.name} may not send ${message.type}`);
    }
    const sender = message.sender;
    if (sender && !partner.identifiers[sender.kind].includes(sender.code)) {
      throw Refusal.of(403, 'sender-mismatch', `the message says it comes from ${sender.kind} ${sender.code}, which is not partner ${partner.name}`);
    }
    const route = resolveRoute(this.deps.partners, message);
    if (!route.ok) throw Refusal.of(422, route.code, route.message);
    return route.destination.name;
  }

  private async storeAndPublish(partner: Partner, message: AcceptedMessage, destination: string, body: Buffer, req: IngestRequest): Promise<IngestOutcome> {
    const { store, metrics } = this.deps;
    const dedupKey = req.idempotencyKey ? `key:${req.idempotencyKey}` : `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const { meta, duplicate } = await store.insertMessage({
      senderPartner: partner.name,
      senderOin: partner.oin,
      family: message.family,
      type: message.type,
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
      dedupKey,
      payload: body,
      contentType: req.contentType,
      bsns: message.bsns,
      ...(req.requestId ? { requestId: req.requestId } : {}),
    });
    if (duplicate && meta.status !== 'received') return { kind: 'accepted', meta, duplicate };
    const published = await this.publish(meta, [destination]);
    if (!published) return { kind: 'stored-unpublished', meta, retryAfterSeconds: RETRY_AFTER_SECONDS };
    // Bookkeeping only, kept off the 202: if this write is lost, the sweeper publishes again and
    // the delivery claim turns the second copy into a no-op.
    this.deps.store.markPublished(meta.id).catch((err: Error) => this.deps.logger.error({ messageId: meta.id, err: err.message }, 'markPublished failed'));
    metrics.accepted.inc({ family: meta.family, type: meta.type, partner: partner.name });
    return { kind: 'accepted', meta: { ...meta, status: 'published' }, duplicate };
  }

  /** Publishes a stored message to the inbound exchange; false when the broker did not confirm. The caller marks it published. */
  async publish(meta: MessageMeta, destinations: readonly string[]): Promise<boolean> {
    const { broker, metrics, logger } = this.deps;
    if (!broker.isUp) return false;
    const started = performance.now();
    try {
      await broker.publish(broker.names.inbound, `${meta.family}.${meta.type}`, Buffer.from(meta.id), {
        messageId: meta.id,
        contentType: 'text/plain',
        headers: { 'x-kp-destinations': destinations.join(',') },
      });
    } catch (err) {
      logger.warn({ messageId: meta.id, err: (err as Error).message }, 'publish not confirmed; message stays stored for the sweeper');
      return false;
    }
    metrics.publishSeconds.observe((performance.now() - started) / 1000);
    return true;
  }

  /** Route of a message already in the store (sweeper path): parse the stored payload again. */
  async destinationsOf(meta: MessageMeta): Promise<string[]> {
    const payload = await this.deps.store.readPayload(meta.id);
    const route = resolveRoute(this.deps.partners, this.deps.registry.process(payload));
    return route.ok ? [route.destination.name] : [];
  }
}
