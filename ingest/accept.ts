import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AcceptedMessage, ValidationIssue } from '../adapters/types.ts';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import { resolveRoute } from './routes.ts';
import { maskDigits } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Broker } from '../queue/broker.ts';
import type { Kysely } from 'kysely';
import type { BatchedWrites, MessageMeta, MessageWrites, Store, StoredRef } from '../store/index.ts';
import type { Levelled, LevelsRunner } from './levels-pool.ts';
import type { RefusedKeeper } from './refused-keep.ts';
import { Refusal, type RawAnswer } from './refusal.ts';

export type IngestOutcome =
  | { kind: 'accepted'; meta: MessageMeta; duplicate: boolean; extra?: Record<string, unknown>; answer?: RawAnswer }
  | { kind: 'stored-unpublished'; meta: MessageMeta; retryAfterSeconds: number };

/** `levels`: levels 1–2 (adapters, level-2 rules, digests), in the worker pool. */
export interface IngestDeps { levels: LevelsRunner; partners: PartnerRegistry; store: Store; broker: Broker; metrics: Metrics; logger: Logger; refused?: RefusedKeeper }

export interface IngestRequest {
  contentType: string;
  idempotencyKey?: string;
  requestId?: string;
  /** Set when an operator sends a mended copy in: the message it replaces, and how ('edit-of'). */
  parentId?: string;
  relation?: string;
}

/** A message the gateway makes itself (a retour, an Ap01, an alert) and sends through the same store and queue. */
export interface EmitRequest {
  family: string;
  type: string;
  payload: Buffer;
  contentType: string;
  destinations: readonly string[];
  /** Makes emitting idempotent: the same key from the same sender is one message. */
  dedupKey: string;
  /** Default 'ketenpoort'. */
  senderPartner?: string;
  correlationId?: string;
  bsns?: readonly string[];
  parentId?: string;
  relation?: string;
}

export interface EmitResult { meta: MessageMeta; duplicate: boolean; published: boolean }

export interface InspectContext {
  partner: Partner;
  message: AcceptedMessage;
  payload: Buffer;
  /** The key the message will be stored under for this sender (Idempotency-Key or SHA-256). */
  dedupKey: string;
}

/**
 * What a later control level (business rules across the message or across messages) says. An inspector never
 * writes: it reads what it needs, and returns the rows it needs written as `persist`, which ingest runs in the
 * message's own group-commit transaction, with the message, its dedup key, events and delivery rows.
 */
export interface Inspection {
  /** Refuses the message; it is kept dead with `reason` for the operator. */
  refuse?: { status: 400 | 409 | 422; reason: string; errors: ValidationIssue[] };
  /** Messages made in answer (a retour), emitted once the inspected message is stored; linked to it. */
  answers?: Omit<EmitRequest, 'parentId'>[];
  /** Merged into the JSON answer. */
  extra?: Record<string, unknown>;
  /** Replaces the JSON answer (a StUF Du01 or Fo01). */
  answer?: RawAnswer;
  /**
   * The standard itself judges a message sent twice (iWmo/iJw TR056 on its Identificatie): without an
   * Idempotency-Key, identical bytes are not taken as a transport retry but judged again by `persist`.
   */
  judgesRepeats?: boolean;
  /**
   * The feature's rows for this message (level-3 claims, deadline rows, ledger rows), written in the message's
   * own transaction, in a savepoint, through `trx` — on the feature's OWN tables only. It runs for the stored
   * message when the inspection accepts it, and for the kept copy when it refuses it (what a refused message
   * registers, such as a used Identificatie). When it returns an Inspection with `refuse` (a uniqueness claim
   * another message holds, found by a unique constraint in this transaction), the savepoint is rolled back,
   * nothing of the message is stored, and the message is refused with that inspection instead: a conflict is the
   * rule's refusal, never an error. It may run again (alone) if its batch fails, so it must only touch the database.
   */
  persist?: (trx: Kysely<any>, stored: StoredRef) => Promise<Inspection | void>;
  /**
   * `persist` for many messages at once (the store's BatchWriter): multi-row statements per group-commit batch.
   * Optional and only an optimisation: when the writer returns false, or the message has more than one
   * inspection with rows, each message's `persist` runs alone.
   */
  persistBatched?: BatchedWrites;
  /**
   * Follow-up work outside the database once the message and its `persist` rows are committed (the pgb
   * feature's BRP volgindicaties). Not awaited by the answer; it must be repairable when it fails or the process
   * dies before it runs (the feature's own periodic sync), since nothing makes it durable.
   */
  afterCommit?: () => Promise<void>;
}

export interface IngestInspector {
  /** Families it inspects ('iwmo', 'ijw', …). */
  readonly families: readonly string[];
  /** Pure with respect to the store: reads only. Its writes go in `Inspection.persist`. */
  inspect(ctx: InspectContext): Promise<Inspection | undefined>;
}

/**
 * A destination chosen by a feature instead of the header's addressee: its own consumer inside the gateway, or
 * a partner the header cannot name (the SVB, which is in no iPgb header).
 */
export interface LocalRoute { name: string; matches(message: AcceptedMessage): boolean }

const RETRY_AFTER_SECONDS = 5;
export const GATEWAY_SENDER = 'ketenpoort';

// validate → authorise → route → inspect (levels 2–3) → store (durable) → publish with confirm.
// Nothing is answered 2xx before the message is in the store; when the broker cannot confirm, the
// message stays stored as 'received', the sender hears 503, and the sweeper publishes it once the
// broker is back. A refused message is kept too (dead, with its reason) for the operator.
export class Ingest {
  private readonly inspectors: IngestInspector[] = [];
  private readonly localRoutes: LocalRoute[] = [];

  constructor(private readonly deps: IngestDeps) {}

  use(part: { inspector?: IngestInspector; localRoutes?: readonly LocalRoute[] }): void {
    if (part.inspector) this.inspectors.push(part.inspector);
    if (part.localRoutes) this.localRoutes.push(...part.localRoutes);
  }

  /** `body` is moved to the worker pool: the caller must not use it afterwards. */
  async accept(partner: Partner, received: Buffer, req: IngestRequest): Promise<IngestOutcome> {
    const { metrics } = this.deps;
    metrics.received.inc({ partner: partner.name });
    let message: AcceptedMessage | undefined;
    try {
      const levelled = await this.validate(partner, received, req);
      message = levelled.message;
      const payload = message.payload ?? levelled.body;
      this.authorise(partner, message);
      // A transport retry (same Idempotency-Key) gets the first answer again, before any rule sees it twice,
      // and a 202 only once that first copy is confirmed by the broker.
      if (req.idempotencyKey) {
        const earlier = await this.deps.store.findByDedupKey(partner.name, `key:${req.idempotencyKey}`);
        if (earlier) return await this.answerEarlier(partner, earlier);
      }
      const route = this.route(message);
      if (!route.ok) return await this.refuse(partner, message, payload, req, { status: 422, reason: route.code, errors: [{ code: route.code, message: route.message }] });
      let dedupKey = req.idempotencyKey ? `key:${req.idempotencyKey}` : `sha256:${levelled.sha256}`;
      const inspection = await this.inspect(partner, message, payload, dedupKey);
      if (inspection?.judgesRepeats && !req.idempotencyKey) dedupKey = `judged:${randomUUID()}`;
      if (inspection?.refuse) return await this.refuse(partner, message, payload, req, inspection.refuse, inspection);
      const stored = await this.storeAndPublish(partner, message, route.destinations, payload, req, dedupKey, inspection?.persist, levelled, inspection?.persistBatched);
      // Its own writes lost a claim to another message (level 3): refused after all, nothing of it stored.
      if ('refusedAfterAll' in stored) return await this.refuse(partner, message, payload, req, stored.refusedAfterAll.refuse!, stored.refusedAfterAll);
      const outcome = stored;
      if (outcome.kind === 'accepted' && !outcome.duplicate) {
        await this.emitAnswers(outcome.meta, inspection);
        if (inspection?.afterCommit) void this.afterCommit(outcome.meta, inspection.afterCommit);
      }
      if (outcome.kind === 'accepted' && inspection) {
        return { ...outcome, ...(inspection.extra ? { extra: inspection.extra } : {}), ...(inspection.answer ? { answer: inspection.answer } : {}) };
      }
      return outcome;
    } catch (err) {
      if (err instanceof Refusal) {
        metrics.rejected.inc({ family: message?.family ?? 'unknown', type: message?.type ?? 'unknown', partner: partner.name, code: err.errors[0]?.code ?? 'unknown' });
      }
      throw err;
    }
  }

  /** Levels 1–2 in the worker pool; a refusal is kept for the operator and thrown. */
  private async validate(partner: Partner, received: Buffer, req: IngestRequest): Promise<Extract<Levelled, { kind: 'accepted' }>> {
    if (received.length === 0) throw Refusal.of(400, 'empty-body', 'the request body is empty');
    const levelled = await this.deps.levels.run(received);
    if (levelled.kind === 'accepted') return levelled;
    const { status, errors, answer } = levelled.rejection;
    if (status !== 415 && errors[0]?.code !== 'empty-body') {
      // Kept for the operator (an edit-and-replay can mend it); the answer does not wait for it.
      void this.keepRefused(partner, { family: 'unknown', type: 'unknown', bsns: [] }, levelled.body, req, errors[0]?.code ?? 'invalid', errors, undefined, levelled.sha256);
    }
    throw new Refusal(status, errors, undefined, answer as RawAnswer | undefined);
  }

  private authorise(partner: Partner, message: AcceptedMessage): void {
    if (!partner.messageTypes.has(message.type)) {
      throw Refusal.of(403, 'not-authorised', `partner ${partner.name} may not send ${message.type}`);
    }
    const sender = message.sender;
    // Only the GGk relays on behalf of the header's Afzender; anyone else wrapping a message in an envelope
    // is still held to it.
    const relayedByGgk = message.relayed === true && partner.role === 'ggk';
    if (sender && !relayedByGgk && !partner.identifiers[sender.kind].includes(sender.code)) {
      throw Refusal.of(403, 'sender-mismatch', `the message says it comes from ${sender.kind} ${sender.code}, which is not partner ${partner.name}`);
    }
  }

  private route(message: AcceptedMessage): { ok: true; destinations: string[] } | { ok: false; code: string; message: string } {
    const local = this.localRoutes.filter((r) => r.matches(message)).map((r) => r.name);
    if (local.length > 0) return { ok: true, destinations: local };
    const route = resolveRoute(this.deps.partners, message);
    return route.ok ? { ok: true, destinations: [route.destination.name] } : route;
  }

  private async inspect(partner: Partner, message: AcceptedMessage, payload: Buffer, dedupKey: string): Promise<Inspection | undefined> {
    let result: Inspection | undefined;
    for (const inspector of this.inspectors) {
      if (!inspector.families.includes(message.family)) continue;
      const found = await inspector.inspect({ partner, message, payload, dedupKey });
      if (found === undefined) continue;
      result = result === undefined ? found : mergeInspections(result, found);
      if (found.refuse) break;
    }
    return result;
  }

  /** Keeps the refused message, emits its answers (the retour), and throws the refusal. */
  private async refuse(partner: Partner, message: AcceptedMessage, payload: Buffer, req: IngestRequest, refusal: NonNullable<Inspection['refuse']>, inspection?: Inspection): Promise<never> {
    const meta = await this.keepRefused(partner, message, payload, req, refusal.reason, refusal.errors, inspection?.persist);
    const answers = meta ? await this.emitAnswers(meta, inspection) : [];
    const extra: Record<string, unknown> = { ...inspection?.extra };
    if (meta) extra.id = meta.id;
    if (answers.length > 0) extra.answers = answers.map((a) => ({ id: a.meta.id, type: a.meta.type }));
    throw new Refusal(refusal.status, refusal.errors, extra, inspection?.answer);
  }

  private async keepRefused(
    partner: Partner, message: Pick<AcceptedMessage, 'family' | 'type' | 'bsns' | 'correlationId'>, body: Buffer, req: IngestRequest,
    reason: string, errors: readonly ValidationIssue[], persist?: Inspection['persist'], sha256?: string,
  ): Promise<MessageMeta | undefined> {
    // Past its partner's budget a refusal is answered but not kept (and registers nothing); a large one is cut.
    const kept = (await this.deps.refused?.decide(partner.name, body, sha256)) ?? { keep: true as const, payload: body };
    if (!kept.keep) return undefined;
    const payload = kept.payload;
    try {
      const { meta } = await this.deps.store.insertMessage({
        // What a refused message registers (its used Identificatie, say); a further refusal changes nothing.
        ...(persist ? { writes: async (trx, stored) => { await persist(trx, stored); } } : {}),
        senderPartner: partner.name,
        senderOin: partner.oin,
        family: message.family,
        type: message.type,
        ...(message.correlationId ? { correlationId: message.correlationId } : {}),
        dedupKey: 'refused',
        payload,
        contentType: req.contentType,
        bsns: message.bsns,
        ...(req.requestId ? { requestId: req.requestId } : {}),
        ...(req.parentId ? { parentId: req.parentId } : {}),
        ...(req.relation ? { relation: req.relation } : {}),
        // Validator texts can quote element values; digits are masked so no BSN reaches an event.
        refused: { reason, errors: errors.map((e) => ({ ...e, message: maskDigits(e.message) })), ...(kept.truncated ? { truncated: kept.truncated } : {}) },
      });
      this.deps.logger.info({ messageId: meta.id, partner: partner.name, family: message.family, type: message.type, reason, requestId: req.requestId, size: body.length }, 'refused message kept');
      return meta;
    } catch (err) {
      this.deps.logger.error({ partner: partner.name, err }, 'could not keep a refused message for the operator');
      return undefined;
    }
  }

  private async afterCommit(meta: MessageMeta, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.deps.logger.warn({ messageId: meta.id, err }, 'follow-up after commit failed; the feature\'s own sync repairs it');
    }
  }

  private async emitAnswers(parent: MessageMeta, inspection: Inspection | undefined): Promise<EmitResult[]> {
    const out: EmitResult[] = [];
    for (const answer of inspection?.answers ?? []) out.push(await this.emit({ ...answer, parentId: parent.id }));
    return out;
  }

  private async storeAndPublish(
    partner: Partner, message: AcceptedMessage, destinations: string[], payload: Buffer, req: IngestRequest, dedupKey: string,
    persist: Inspection['persist'], digests: { sha256: string; bsnHashes: string[] }, batched?: BatchedWrites,
  ): Promise<IngestOutcome | { refusedAfterAll: Inspection }> {
    const writes: MessageWrites | undefined = persist && (async (trx, stored) => {
      const found = await persist(trx, stored);
      return found?.refuse ? { abandon: found } : undefined;
    });
    const { meta, duplicate, abandoned } = await this.deps.store.insertMessage({
      senderPartner: partner.name,
      senderOin: partner.oin,
      family: message.family,
      type: message.type,
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
      dedupKey,
      payload,
      contentType: message.payloadContentType ?? req.contentType,
      bsns: message.bsns,
      // Computed in the worker pool with levels 1–2, so the store does not hash again on the event loop.
      sha256: digests.sha256,
      bsnHashes: digests.bsnHashes,
      destinations,
      ...(writes ? { writes, ...(batched ? { batched } : {}) } : {}),
      ...(req.requestId ? { requestId: req.requestId } : {}),
      ...(req.parentId ? { parentId: req.parentId } : {}),
      ...(req.relation ? { relation: req.relation } : {}),
    });
    if (abandoned !== undefined) return { refusedAfterAll: abandoned as Inspection };
    if (duplicate) return this.answerEarlier(partner, meta);
    return this.publishAccepted(partner, meta, destinations, false);
  }

  /** A copy of a stored message: answered as the first, but a 202 only once the broker has confirmed it. */
  private async answerEarlier(partner: Partner, earlier: MessageMeta): Promise<IngestOutcome> {
    if (earlier.status !== 'received') return { kind: 'accepted', meta: earlier, duplicate: true };
    return this.publishAccepted(partner, earlier, await this.destinationsOf(earlier), true);
  }

  private async publishAccepted(partner: Partner, meta: MessageMeta, destinations: readonly string[], duplicate: boolean): Promise<IngestOutcome> {
    if (!(await this.publish(meta, destinations))) {
      this.deps.logger.warn({ messageId: meta.id, brokerUp: this.deps.broker.isUp, duplicate }, 'stored but not published; answered 503');
      return { kind: 'stored-unpublished', meta, retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    // Bookkeeping only, kept off the 202 and off a transaction of its own: it joins the next group commit. If
    // it is lost, the sweeper publishes again and the delivery claim turns the second copy into a no-op.
    this.deps.store.markPublishedSoon(meta.id);
    if (!duplicate) this.deps.metrics.accepted.inc({ family: meta.family, type: meta.type, partner: partner.name });
    return { kind: 'accepted', meta: { ...meta, status: 'published' }, duplicate };
  }

  private async publishStored(partner: Partner, meta: MessageMeta): Promise<IngestOutcome> {
    if (!(await this.publish(meta, meta.destinations ?? (await this.destinationsOf(meta))))) {
      this.deps.logger.warn({ messageId: meta.id, brokerUp: this.deps.broker.isUp, retry: true }, 'stored but not published; answered 503');
      return { kind: 'stored-unpublished', meta, retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    this.deps.store.markPublished(meta.id).catch((err: unknown) => this.deps.logger.error({ messageId: meta.id, err }, 'markPublished failed'));
    this.deps.metrics.accepted.inc({ family: meta.family, type: meta.type, partner: partner.name });
    return { kind: 'accepted', meta: { ...meta, status: 'published' }, duplicate: true };
  }

  /**
   * Stores and publishes a message the gateway made. Durable when it resolves; `published` false means the
   * broker did not confirm and the sweeper will publish it.
   */
  async emit(req: EmitRequest): Promise<EmitResult> {
    const { store, logger } = this.deps;
    const { meta, duplicate } = await store.insertMessage({
      senderPartner: req.senderPartner ?? GATEWAY_SENDER,
      senderOin: GATEWAY_SENDER,
      family: req.family,
      type: req.type,
      ...(req.correlationId ? { correlationId: req.correlationId } : {}),
      dedupKey: req.dedupKey,
      payload: req.payload,
      contentType: req.contentType,
      bsns: req.bsns ?? [],
      destinations: req.destinations,
      ...(req.parentId ? { parentId: req.parentId } : {}),
      ...(req.relation ? { relation: req.relation } : {}),
    });
    if (duplicate && meta.status !== 'received') return { meta, duplicate, published: true };
    const published = await this.publish(meta, meta.destinations ?? req.destinations);
    if (published) store.markPublishedSoon(meta.id);
    return { meta, duplicate, published };
  }

  /**
   * Publishes a stored message straight to its destinations' delivery queues (the delivery exchange, the
   * destination as routing key; its delivery rows were written with it); false when the broker did not confirm
   * every copy. The caller marks it published.
   */
  async publish(meta: MessageMeta, destinations: readonly string[]): Promise<boolean> {
    const { broker, metrics, logger } = this.deps;
    if (!broker.isUp || destinations.length === 0) return false;
    const started = performance.now();
    try {
      const id = Buffer.from(meta.id);
      await Promise.all(destinations.map((d) => broker.publish(broker.names.deliver, d, id, { messageId: meta.id, contentType: 'text/plain' })));
    } catch (err) {
      logger.warn({ messageId: meta.id, err }, 'publish not confirmed; message stays stored for the sweeper');
      return false;
    }
    metrics.publishSeconds.observe((performance.now() - started) / 1000);
    return true;
  }

  /** Route of a message already in the store (sweeper path): as stored; messages from before that are parsed again. */
  async destinationsOf(meta: MessageMeta): Promise<string[]> {
    if (meta.destinations && meta.destinations.length > 0) return meta.destinations;
    const levelled = await this.deps.levels.run(await this.deps.store.readPayload(meta.id));
    if (levelled.kind !== 'accepted') return [];
    const route = this.route(levelled.message);
    return route.ok ? route.destinations : [];
  }
}

function mergeInspections(a: Inspection, b: Inspection): Inspection {
  const merged: Inspection = { ...a, ...b };
  if (a.persist && b.persist) {
    const [first, second] = [a.persist, b.persist];
    merged.persist = async (trx, stored) => (await first(trx, stored)) ?? (await second(trx, stored));
    delete merged.persistBatched;
  }
  if (a.afterCommit && b.afterCommit) {
    const [first, second] = [a.afterCommit, b.afterCommit];
    merged.afterCommit = async () => { await first(); await second(); };
  }
  const answers = [...(a.answers ?? []), ...(b.answers ?? [])];
  if (answers.length > 0) merged.answers = answers;
  if (a.extra || b.extra) merged.extra = { ...a.extra, ...b.extra };
  return merged;
}
