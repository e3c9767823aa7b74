export interface DeliveryRequest { messageId: string; family: string; type: string; correlationId?: string; contentType: string; payload: Buffer }

export type DeliveryResponse =
  | { kind: 'http'; status: number; durationMs: number; detail?: string }
  | { kind: 'error'; code: string; durationMs: number; detail: string }
  /** A local consumer's permanent refusal (below). */
  | { kind: 'refused'; reason: string; durationMs: number; detail: string }
  /** The gateway is stopping: the send was abandoned (or never begun) and its outcome is unknown. */
  | { kind: 'stopped'; durationMs: number };

/** How a delivery reaches its destination: over HTTPS to a partner, or to a consumer inside the gateway. */
export interface DeliveryTransport {
  send(req: DeliveryRequest): Promise<DeliveryResponse>;
  /** Abandons the sends in flight and answers every later one `stopped` (the gateway is stopping). */
  stop?(): void;
  close?(): Promise<void>;
}

/** Thrown by a local consumer for a message it can never take: dead at once, with this reason. */
export class PermanentFailure extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export type LocalHandler = (req: DeliveryRequest) => Promise<void>;

/**
 * A feature's consumer as a delivery destination: it gets the same claim, retries, backoff and
 * dead-lettering as a partner. Returning is success; a thrown PermanentFailure is dead at once; any
 * other error is retried.
 */
export class LocalTransport implements DeliveryTransport {
  constructor(private readonly handler: LocalHandler) {}

  async send(req: DeliveryRequest): Promise<DeliveryResponse> {
    const started = performance.now();
    try {
      await this.handler(req);
      return { kind: 'http', status: 204, durationMs: performance.now() - started };
    } catch (err) {
      const durationMs = performance.now() - started;
      if (err instanceof PermanentFailure) return { kind: 'refused', reason: err.reason, detail: err.message.slice(0, 200), durationMs };
      return { kind: 'error', code: 'consumer-error', detail: ((err as Error).message ?? String(err)).slice(0, 200), durationMs };
    }
  }
}
