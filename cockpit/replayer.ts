// Replays dead letters. A dead delivery: the same message id back to pending with a fresh attempt budget
// (store/replay.ts), then published to the deliver exchange with the destination as routing key; undone when
// the broker does not confirm. A message refused at ingest: its payload through ingest again as its sender.
import type { Logger } from 'pino';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Ingest } from '../ingest/accept.ts';
import { Refusal } from '../ingest/refusal.ts';
import type { Broker } from '../queue/broker.ts';
import type { Store } from '../store/index.ts';
import { replayDeadDeliveries, restoreDeadDelivery, type OperatorAct } from '../store/replay.ts';
import type { DeadLetter } from './dead-letters.ts';
import { resolve } from './marks.ts';
import type { CockpitDb } from './messages.ts';

export interface ReplayOutcome {
  key: string;
  kind: 'delivery' | 'refused';
  outcome: 'replayed' | 'accepted' | 'refused' | 'skipped' | 'failed';
  newMessageId?: string;
  /** Refused again: the reason; skipped or failed: why. */
  reason?: string;
  message?: string;
}

export interface ReplayerDeps { store: Store; db: CockpitDb; broker: Broker; ingest: Ingest; partners: PartnerRegistry; logger: Logger }

const QUEUE_CHECK_TTL_MS = 60_000;

export class Replayer {
  private readonly queueSeen = new Map<string, number>();

  constructor(private readonly deps: ReplayerDeps) {}

  /** The broker is up (waits up to `timeoutMs`). */
  brokerReady(timeoutMs: number): Promise<boolean> {
    return this.deps.broker.whenUp(timeoutMs);
  }

  async replay(letters: readonly DeadLetter[], by: OperatorAct): Promise<ReplayOutcome[]> {
    const out: ReplayOutcome[] = [];
    const deliveries: DeadLetter[] = [];
    for (const d of letters) {
      if (d.held) out.push({ key: d.key, kind: d.kind, outcome: 'skipped', reason: 'held' });
      else if (d.purged) out.push({ key: d.key, kind: d.kind, outcome: 'skipped', reason: 'purged' });
      else if (d.kind === 'delivery') deliveries.push(d);
    }
    out.push(...(await this.replayDeliveries(deliveries, by)));
    for (const d of letters) {
      if (d.kind === 'refused' && !d.held && !d.purged) out.push(await this.replayRefused(d, by));
    }
    return out;
  }

  private async replayDeliveries(letters: readonly DeadLetter[], by: OperatorAct): Promise<ReplayOutcome[]> {
    if (letters.length === 0) return [];
    const { broker, logger } = this.deps;
    const out: ReplayOutcome[] = [];
    const ready: DeadLetter[] = [];
    for (const d of letters) {
      if (await this.queueExists(d.destination!)) ready.push(d);
      else out.push({ key: d.key, kind: 'delivery', outcome: 'failed', reason: broker.isUp ? 'destination-unknown' : 'broker-unavailable', message: broker.isUp ? `no delivery queue for ${d.destination}` : 'the broker is not connected' });
    }
    if (ready.length === 0) return out;
    const writes = await replayDeadDeliveries(this.deps.store.tables<unknown>(), ready.map((d) => ({ messageId: d.messageId, destination: d.destination! })), by, this.deps.store.dialect);
    const published = await Promise.all(writes.map(async (w, i): Promise<ReplayOutcome> => {
      const key = ready[i]!.key;
      if (!w.replayed) return { key, kind: 'delivery', outcome: 'skipped', reason: 'not-dead' };
      const { messageId, destination } = w.ref;
      try {
        await broker.publish(broker.names.deliver, destination, Buffer.from(messageId), { messageId, contentType: 'text/plain' });
        return { key, kind: 'delivery', outcome: 'replayed' };
      } catch (err) {
        const error = (err as Error).message;
        const restored = await restoreDeadDelivery(this.deps.store.tables<unknown>(), w.ref, w.previous, by, error).catch((e: Error) => {
          logger.error({ messageId, destination, err: e }, 'replay: could not put a delivery back to dead after a failed publish');
          return false;
        });
        logger.warn({ messageId, destination, restored, err }, 'replay publish not confirmed');
        return restored
          ? { key, kind: 'delivery', outcome: 'failed', reason: 'broker-unavailable', message: 'the broker did not confirm; the dead letter is as it was' }
          : { key, kind: 'delivery', outcome: 'replayed' };
      }
    }));
    return [...out, ...published];
  }

  private async replayRefused(d: DeadLetter, by: OperatorAct): Promise<ReplayOutcome> {
    const { store, db, ingest, partners, logger } = this.deps;
    const base = { key: d.key, kind: 'refused' as const };
    const sender = partners.byName(d.sender.partner);
    if (!sender) return { ...base, outcome: 'failed', reason: 'sender-unknown', message: `the sender ${d.sender.partner} is not a configured partner` };
    const meta = await store.getMeta(d.messageId);
    if (!meta) return { ...base, outcome: 'skipped', reason: 'not-dead' };
    const payload = await store.readPayload(d.messageId);
    let result: ReplayOutcome;
    try {
      const outcome = await ingest.accept(sender, payload, { contentType: meta.contentType, parentId: d.messageId, relation: 'replay-of' });
      result = { ...base, outcome: 'accepted', newMessageId: outcome.meta.id };
    } catch (err) {
      if (!(err instanceof Refusal)) {
        logger.error({ messageId: d.messageId, err }, 'replay of a refused message failed');
        return { ...base, outcome: 'failed', reason: 'internal', message: 'ingest failed; the dead letter is as it was' };
      }
      const newId = typeof err.extra?.id === 'string' ? err.extra.id : undefined;
      result = { ...base, outcome: 'refused', reason: err.errors[0]?.code ?? 'refused', ...(newId ? { newMessageId: newId } : {}) };
    }
    // Either way it leaves the dead list: accepted, or refused again and kept anew with today's reason.
    await resolve(db, [{ messageId: d.messageId, destination: null }], { actor: by.actor, actorOin: by.actorOin, note: `replay: ${result.outcome}` });
    await store.addEvent(d.messageId, 'replayed', {
      by: by.actor, byOin: by.actorOin, outcome: result.outcome,
      ...(result.newMessageId ? { newMessageId: result.newMessageId } : {}), ...(result.reason ? { reason: result.reason } : {}),
      ...(by.jobId ? { jobId: by.jobId } : {}),
    });
    return result;
  }

  /** A publish to a destination without a queue would be confirmed and land in the dead queue, leaving the delivery pending forever. */
  private async queueExists(destination: string): Promise<boolean> {
    const seen = this.queueSeen.get(destination);
    if (seen !== undefined && Date.now() - seen < QUEUE_CHECK_TTL_MS) return true;
    const { broker } = this.deps;
    let queue: string;
    try {
      queue = broker.names.deliverQueue(destination);
    } catch {
      return false;
    }
    const depth = await broker.queueDepth(queue);
    if (depth === undefined) return false;
    this.queueSeen.set(destination, Date.now());
    return true;
  }
}
