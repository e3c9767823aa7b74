import type { GetMessage } from 'amqplib';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Broker } from '../queue/broker.ts';
import type { LegacyTopologyNames } from '../queue/topology.ts';
import type { Database, Store } from '../store/index.ts';
import { routeUnroutedMessages } from '../store/reconcile.ts';
import { loggable } from '../store/unavailable.ts';

export interface LegacyDrainResult {
  /** Messages taken off the old router queue. */
  drained: number;
  /** Of those, messages the store had as published without delivery rows: routed and published now. */
  routed: number;
  /** Whether the old queue and exchange are gone. */
  deleted: boolean;
}

/**
 * Upgrade safety for the router hop that issue 10 removed. A version before it published each accepted message
 * to P.inbound and a router consumer took it from P.router, wrote its delivery rows and published it to the
 * partners. A message it left on P.router is still delivered: once, at start, the queue is checked passively;
 * if it exists, each message on it is routed from the store as the router did (delivery rows from the
 * destinations stored with the message, then a confirmed publish per destination), acknowledged only after
 * that, and the queue and the exchange are deleted once empty.
 *
 * The store stays the truth, so nothing here is the last line: a message whose routing was lost between the
 * get and the ack (another process deleted the queue meanwhile, the broker went away) is still `published`
 * without delivery rows, which the reconciler routes after KP_RECONCILE_AFTER_MS; a message already routed is
 * the stranded-deliveries reconciler's. Several processes may drain at once: each gets other messages.
 */
export async function drainLegacyRouter(
  deps: { broker: Broker; store: Store; logger: Logger }, names: LegacyTopologyNames, batch = 200,
): Promise<LegacyDrainResult | undefined> {
  const { broker, store, logger } = deps;
  const exists = await broker.onChannel(async (ch) => {
    try {
      await ch.checkQueue(names.router);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return false;
      throw err;
    }
  });
  if (!exists) return undefined;
  const db = store.tables<object>() as unknown as Kysely<Database>;
  const result: LegacyDrainResult = { drained: 0, routed: 0, deleted: false };
  await broker.onChannel(async (ch) => {
    for (;;) {
      const taken: GetMessage[] = [];
      while (taken.length < batch) {
        const msg = await ch.get(names.router, { noAck: false });
        if (msg === false) break;
        taken.push(msg);
      }
      if (taken.length === 0) break;
      const ids = [...new Set(taken.map((m) => (m.properties.messageId as string | undefined) ?? m.content.toString('utf8')))];
      const routed = await routeUnroutedMessages(db, store.dialect, { now: Date.now() + 1, afterMs: 0, limit: ids.length, ids });
      for (const m of routed) {
        for (const partner of m.partners) {
          await broker.publish(broker.names.deliver, partner, Buffer.from(m.messageId), { messageId: m.messageId, contentType: 'text/plain' });
        }
      }
      ch.ack(taken[taken.length - 1]!, true);
      result.drained += taken.length;
      result.routed += routed.length;
    }
  });
  // Deleted only when empty and unconsumed: a process of the old version may still run (a rolling upgrade); its
  // messages stay for the next start's drain, and the reconciler routes them meanwhile. (Quorum queues do not
  // implement queue.delete's if-empty, so the check is ours; a message published between the check and the
  // delete is still `published` in the store, which the reconciler routes.)
  result.deleted = await broker.onChannel(async (ch) => {
    try {
      const { messageCount, consumerCount } = await ch.checkQueue(names.router);
      if (messageCount > 0 || consumerCount > 0) {
        logger.warn({ messageCount, consumerCount }, 'legacy router queue not deleted: an older version still uses it; the next start tries again');
        return false;
      }
      await ch.deleteQueue(names.router);
      await ch.deleteExchange(names.inbound);
      return true;
    } catch (err) {
      logger.warn({ err: loggable(err) }, 'legacy router queue not deleted; the next start tries again');
      return false;
    }
  });
  logger.warn(result, 'drained the router queue of an older version');
  return result;
}
