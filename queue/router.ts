import type { ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Ingest } from '../ingest/accept.ts';
import { isStoreError, type Store } from '../store/index.ts';
import type { Broker, HandlerResult } from './broker.ts';

// Takes each accepted message from the router queue, records where it goes and hands one copy to
// each destination partner's delivery queue. Idempotent: a redelivered message is routed again,
// and the delivery claim makes the extra copy a no-op.
export class Router {
  private consumer: { cancel(): Promise<void> } | undefined;

  constructor(private readonly deps: { broker: Broker; store: Store; ingest: Ingest; logger: Logger }, private readonly prefetch = 64) {}

  start(): void {
    this.consumer = this.deps.broker.consume(this.deps.broker.names.router, this.prefetch, (msg) => this.handle(msg));
  }

  private async handle(msg: ConsumeMessage): Promise<HandlerResult> {
    const { broker, store, ingest, logger } = this.deps;
    const id = (msg.properties.messageId as string | undefined) ?? msg.content.toString();
    const destinations = await this.destinationsOf(id, msg);
    if (destinations === undefined) {
      logger.error({ messageId: id }, 'router got an id the store does not know; dead-lettered');
      return 'reject';
    }
    if (destinations.length === 0) {
      await store.addEvent(id, 'unroutable', { reason: 'no-route' });
      return 'reject';
    }
    try {
      await store.recordRouted(id, destinations);
    } catch (err) {
      if (isStoreError(err, 'MESSAGE_NOT_FOUND')) {
        logger.error({ messageId: id }, 'router got an id the store does not know; dead-lettered');
        return 'reject';
      }
      throw err;
    }
    for (const partner of destinations) {
      await broker.publish(broker.names.deliver, partner, Buffer.from(id), { messageId: id, contentType: 'text/plain' });
    }
    return 'ack';
  }

  /** From the header ingest set; only a message without it is looked up and routed again. */
  private async destinationsOf(id: string, msg: ConsumeMessage): Promise<string[] | undefined> {
    const header: unknown = msg.properties.headers?.['x-kp-destinations'];
    if (typeof header === 'string' && header.length > 0) return header.split(',');
    const meta = await this.deps.store.getMeta(id);
    return meta ? this.deps.ingest.destinationsOf(meta) : undefined;
  }

  async stop(): Promise<void> {
    await this.consumer?.cancel();
  }
}
