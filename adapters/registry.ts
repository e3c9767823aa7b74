import { MessageRejected, type AcceptedMessage, type Adapter } from './types.ts';

/** How much of the body an adapter gets to recognise its format. */
export const HEAD_BYTES = 8192;

/**
 * Picks the adapter from the content alone (never from a request header): the first adapter whose
 * `accepts` claims the first bytes processes the message. What a format looks like is the
 * adapter's business (XML root namespace, LO3 record, CSV columns), so the registry knows none.
 */
export class AdapterRegistry {
  private readonly adapters: readonly Adapter[];

  constructor(adapters: Adapter[]) {
    this.adapters = [...adapters];
  }

  process(body: Buffer): AcceptedMessage {
    if (body.length === 0) throw MessageRejected.of(400, 'empty-body', 'the request body is empty');
    const head = body.length > HEAD_BYTES ? body.subarray(0, HEAD_BYTES) : body;
    for (const adapter of this.adapters) {
      if (adapter.accepts(head)) return adapter.process(body);
    }
    throw MessageRejected.of(415, 'unknown-message-type', `no message type is known for this content: ${this.describe(head)}`);
  }

  get families(): string[] {
    return this.adapters.map((a) => a.family);
  }

  dispose(): void {
    for (const adapter of this.adapters) adapter.dispose?.();
  }

  private describe(head: Buffer): string {
    for (const adapter of this.adapters) {
      const seen = adapter.describe?.(head);
      if (seen) return seen;
    }
    return 'not a format any adapter recognises';
  }
}
