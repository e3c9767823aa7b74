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
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      // A partner's error text may echo the message; keep only a short, digit-masked head of it.
      const text = await res.body.text();
      const durationMs = performance.now() - started;
      return { kind: 'http', status: res.statusCode, durationMs, ...(res.statusCode >= 300 && text ? { detail: maskDigits(text.slice(0, 200)) } : {}) };
    } catch (err) {
      const durationMs = performance.now() - started;
      const e = err as { name?: string; code?: string; message?: string };
      const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : (e.code ?? e.name ?? 'error');
      return { kind: 'error', code, durationMs, detail: (e.message ?? String(err)).slice(0, 200) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
