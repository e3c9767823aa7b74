import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { MessageRejected, type AcceptedMessage, type ValidationIssue } from '../adapters/types.ts';
import type { AdapterRegistry } from '../adapters/registry.ts';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import { resolveRoute } from '../mappings/routes.ts';
import { maskDigits } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Broker } from '../queue/broker.ts';
import type { MessageMeta, Store } from '../store/index.ts';
import { Refusal, type RawAnswer } from './refusal.ts';

export type IngestOutcome =
  | { kind: 'accepted'; meta: MessageMeta; duplicate: boolean; extra?: Record<string, unknown>; answer?: RawAnswer }
  | { kind: 'stored-unpublished'; meta: MessageMeta; retryAfterSeconds: number };

export interface IngestDeps { registry: AdapterRegistry; partners: PartnerRegistry; store: Store; broker: Broker; metrics: Metrics; logger: Logger }

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

/** What a later control level (business rules across the message or across messages) says. */
export interface Inspection {
  /** Refuses the message; it is kept dead with `reason` for the operator. */
  refuse?: { status: 400 | 409 | 422; reason: string; errors: ValidationIssue[] };
  /** Messages made in answer (a retour), emitted once the inspected message is stored; linked to it. */
  answers?: Omit<EmitRequest, 'parentId'>[];
  /** Merged into the JSON answer. */
  extra?: Record<string, unknown>;
  /** Replaces the JSON answer (a StUF Du01 or Fo01). */
  answer?: RawAnswer;
  /** Called when the message passed but could not be stored: undo what the inspection registered. */
  onAbandon?: () => Promise<void>;
  /** Called once the message is stored, or given up. */
  onSettled?: () => void;
}

export interface IngestInspector {
  /** Families it inspects ('iwmo', 'ijw', …). */
  readonly families: readonly string[];
  inspect(ctx: InspectContext): Promise<Inspection | undefined>;
}

/** Told of every accepted message once it is durable and published; failures are logged, never answered. */
export interface IngestListener {
  readonly families: readonly string[];
  accepted(ctx: { partner: Partner; message: AcceptedMessage; meta: MessageMeta; payload: Buffer }): Promise<void>;
}

/** A destination inside the gateway (a feature's consumer) that takes messages instead of a partner. */
export interface LocalRoute { name: string; matches(message: AcceptedMessage): boolean }

const RETRY_AFTER_SECONDS = 5;
export const GATEWAY_SENDER = 'ketenpoort';

// validate → authorise → route → inspect (levels 2–3) → store (durable) → publish with confirm.
// Nothing is answered 2xx before the message is in the store; when the broker cannot confirm, the
// message stays stored as 'received', the sender hears 503, and the sweeper publishes it once the
// broker is back. A refused message is kept too (dead, with its reason) for the operator.
export class Ingest {
  private readonly inspectors: IngestInspector[] = [];
  private readonly listeners: IngestListener[] = [];
  private readonly localRoutes: LocalRoute[] = [];

  constructor(private readonly deps: IngestDeps) {}

  use(part: { inspector?: IngestInspector; listener?: IngestListener; localRoutes?: readonly LocalRoute[] }): void {
    if (part.inspector) this.inspectors.push(part.inspector);
    if (part.listener) this.listeners.push(part.listener);
    if (part.localRoutes) this.localRoutes.push(...part.localRoutes);
  }

  async accept(partner: Partner, body: Buffer, req: IngestRequest): Promise<IngestOutcome> {
    const { metrics } = this.deps;
    metrics.received.inc({ partner: partner.name });
    let message: AcceptedMessage | undefined;
    try {
      message = this.validate(partner, body, req);
      const payload = message.payload ?? body;
      this.authorise(partner, message);
      // A transport retry (same Idempotency-Key) gets the first answer again, before any rule sees it twice.
      if (req.idempotencyKey) {
        const earlier = await this.deps.store.findByDedupKey(partner.name, `key:${req.idempotencyKey}`);
        if (earlier && earlier.status !== 'received') return { kind: 'accepted', meta: earlier, duplicate: true };
        // Still 'received': stored and judged, but its publish was never confirmed. Publish it now, so the answer
        // is 202 only once the broker confirmed it, else 503 again.
        if (earlier) return this.publishStored(partner, earlier);
      }
      const route = this.route(message);
      if (!route.ok) return await this.refuse(partner, message, payload, req, { status: 422, reason: route.code, errors: [{ code: route.code, message: route.message }] });
      const dedupKey = dedupKeyOf(payload, req);
      const inspection = await this.inspect(partner, message, payload, dedupKey);
      if (inspection?.refuse) return await this.refuse(partner, message, payload, req, inspection.refuse, inspection);
      let outcome: IngestOutcome;
      try {
        outcome = await this.storeAndPublish(partner, message, route.destinations, payload, req, dedupKey);
      } catch (err) {
        await inspection?.onAbandon?.().catch((e: Error) => this.deps.logger.error({ err: e.message }, 'could not undo an inspection'));
        throw err;
      } finally {
        inspection?.onSettled?.();
      }
      if (outcome.kind === 'accepted' && !outcome.duplicate) {
        await this.emitAnswers(outcome.meta, inspection);
        this.notify(partner, message, outcome.meta, payload);
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

  private validate(partner: Partner, body: Buffer, req: IngestRequest): AcceptedMessage {
    try {
      return this.deps.registry.process(body);
    } catch (err) {
      if (!(err instanceof MessageRejected)) throw err;
      if (err.status !== 415 && err.errors[0]?.code !== 'empty-body') {
        // Kept for the operator (an edit-and-replay can mend it); the answer does not wait for it.
        void this.keepRefused(partner, { family: 'unknown', type: 'unknown', bsns: [] }, body, req, err.errors[0]?.code ?? 'invalid', err.errors);
      }
      throw new Refusal(err.status, err.errors, undefined, err.answer);
    }
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
    const meta = await this.keepRefused(partner, message, payload, req, refusal.reason, refusal.errors);
    const answers = meta ? await this.emitAnswers(meta, inspection) : [];
    const extra: Record<string, unknown> = { ...inspection?.extra };
    if (meta) extra.id = meta.id;
    if (answers.length > 0) extra.answers = answers.map((a) => ({ id: a.meta.id, type: a.meta.type }));
    throw new Refusal(refusal.status, refusal.errors, extra, inspection?.answer);
  }

  private async keepRefused(partner: Partner, message: Pick<AcceptedMessage, 'family' | 'type' | 'bsns' | 'correlationId'>, payload: Buffer, req: IngestRequest, reason: string, errors: readonly ValidationIssue[]): Promise<MessageMeta | undefined> {
    try {
      const { meta } = await this.deps.store.insertMessage({
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
        refused: { reason, errors: errors.map((e) => ({ ...e, message: maskDigits(e.message) })) },
      });
      return meta;
    } catch (err) {
      this.deps.logger.error({ partner: partner.name, err: (err as Error).message }, 'could not keep a refused message for the operator');
      return undefined;
    }
  }

  private async emitAnswers(parent: MessageMeta, inspection: Inspection | undefined): Promise<EmitResult[]> {
    const out: EmitResult[] = [];
    for (const answer of inspection?.answers ?? []) out.push(await this.emit({ ...answer, parentId: parent.id }));
    return out;
  }

  private notify(partner: Partner, message: AcceptedMessage, meta: MessageMeta, payload: Buffer): void {
    for (const listener of this.listeners) {
      if (!listener.families.includes(message.family)) continue;
      listener.accepted({ partner, message, meta, payload }).catch((err: Error) => this.deps.logger.error({ messageId: meta.id, err: err.message }, 'ingest listener failed'));
    }
  }

  private async storeAndPublish(partner: Partner, message: AcceptedMessage, destinations: string[], payload: Buffer, req: IngestRequest, dedupKey: string): Promise<IngestOutcome> {
    const { store, metrics } = this.deps;
    const { meta, duplicate } = await store.insertMessage({
      senderPartner: partner.name,
      senderOin: partner.oin,
      family: message.family,
      type: message.type,
      ...(message.correlationId ? { correlationId: message.correlationId } : {}),
      dedupKey,
      payload,
      contentType: message.payloadContentType ?? req.contentType,
      bsns: message.bsns,
      destinations,
      ...(req.requestId ? { requestId: req.requestId } : {}),
      ...(req.parentId ? { parentId: req.parentId } : {}),
      ...(req.relation ? { relation: req.relation } : {}),
    });
    if (duplicate && meta.status !== 'received') return { kind: 'accepted', meta, duplicate };
    const published = await this.publish(meta, meta.destinations ?? destinations);
    if (!published) {
      this.deps.logger.warn({ messageId: meta.id, brokerUp: this.deps.broker.isUp, duplicate }, 'stored but not published; answered 503');
      return { kind: 'stored-unpublished', meta, retryAfterSeconds: RETRY_AFTER_SECONDS };
    }
    // Bookkeeping only, kept off the 202: if this write is lost, the sweeper publishes again and
    // the delivery claim turns the second copy into a no-op.
    this.deps.store.markPublished(meta.id).catch((err: Error) => this.deps.logger.error({ messageId: meta.id, err: err.message }, 'markPublished failed'));
    metrics.accepted.inc({ family: meta.family, type: meta.type, partner: partner.name });
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
    const published = await this.publish(meta, req.destinations);
    if (published) await store.markPublished(meta.id).catch((err: Error) => logger.error({ messageId: meta.id, err: err.message }, 'markPublished failed'));
    return { meta, duplicate, published };
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

  /** Route of a message already in the store (sweeper path): as stored; messages from before that are parsed again. */
  async destinationsOf(meta: MessageMeta): Promise<string[]> {
    if (meta.destinations && meta.destinations.length > 0) return meta.destinations;
    const payload = await this.deps.store.readPayload(meta.id);
    const route = this.route(this.deps.registry.process(payload));
    return route.ok ? route.destinations : [];
  }
}

function dedupKeyOf(payload: Buffer, req: IngestRequest): string {
  return req.idempotencyKey ? `key:${req.idempotencyKey}` : `sha256:${createHash('sha256').update(payload).digest('hex')}`;
}

function mergeInspections(a: Inspection, b: Inspection): Inspection {
  const merged: Inspection = { ...a, ...b };
  if (a.onSettled && b.onSettled) merged.onSettled = () => { a.onSettled!(); b.onSettled!(); };
  if (a.onAbandon && b.onAbandon) merged.onAbandon = async () => { await a.onAbandon!(); await b.onAbandon!(); };
  const answers = [...(a.answers ?? []), ...(b.answers ?? [])];
  if (answers.length > 0) merged.answers = answers;
  if (a.extra || b.extra) merged.extra = { ...a.extra, ...b.extra };
  return merged;
}
