import { Agent, request } from 'undici';
import type { DeliverySettings } from '../config/partners.ts';
import { maskDigits } from '../observability/logger.ts';
import type { DeliveryRequest, DeliveryResponse, DeliveryTransport } from './transport.ts';

export type { DeliveryRequest, DeliveryResponse } from './transport.ts';


export interface ClientIdentity { cert: Buffer; key: Buffer }


// One HTTPS client per partner: the gateway's own client certificate, the partner's server
// certificate verified against the CA configured for that partner, TLS 1.2 or newer.
export class PartnerClient implements DeliveryTransport {
  private readonly agent: Agent;
  /** Aborted when the gateway stops: a partner that does not answer must not hold the stop for its timeout. */
  private readonly stopping = new AbortController();

  constructor(private readonly settings: DeliverySettings, serverCa: Buffer, identity: ClientIdentity) {
    this.agent = new Agent({
      connections: settings.concurrency,
      keepAliveTimeout: 30_000,
      connect: {
        ca: serverCa,
        cert: identity.cert,
        key: identity.key,
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
        ...(settings.serverName ? { servername: settings.serverName } : {}),
      },
    });
  }

  async send(req: DeliveryRequest): Promise<DeliveryResponse> {
    const started = performance.now();
    if (this.stopping.signal.aborted) return { kind: 'stopped', durationMs: 0 };
    const headers: Record<string, string> = {
      'content-type': req.contentType,
      'x-ketenpoort-message-id': req.messageId,
      'idempotency-key': req.messageId,
      'x-ketenpoort-family': req.family,
      'x-ketenpoort-type': req.type,
    };
    if (req.correlationId) headers['x-correlation-id'] = req.correlationId;
    try {
      const res = await request(this.settings.url, {
        method: 'POST',
        body: req.payload,
        headers,
        dispatcher: this.agent,
        signal: AbortSignal.any([AbortSignal.timeout(this.settings.timeoutMs), this.stopping.signal]),
      });
      // A partner's error text may echo the message; keep only a short, digit-masked head of it.
      const text = await res.body.text();
      const durationMs = performance.now() - started;
      return { kind: 'http', status: res.statusCode, durationMs, ...(res.statusCode >= 300 && text ? { detail: maskDigits(text.slice(0, 200)) } : {}) };
    } catch (err) {
      const durationMs = performance.now() - started;
      if (this.stopping.signal.aborted) return { kind: 'stopped', durationMs };
      const e = err as { name?: string; code?: string; message?: string };
      const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.code ?? e.name ?? 'error');
      return { kind: 'error', code, durationMs, detail: (e.message ?? String(err)).slice(0, 200) };
    }
  }

  stop(): void {
    this.stopping.abort();
  }

  /** After stop(): nothing is in flight any more, so the sockets go at once. */
  close(): Promise<void> {
    return this.stopping.signal.aborted ? this.agent.destroy() : this.agent.close();
  }
}
