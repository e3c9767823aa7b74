import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Receipt { id: string; type: string; contentType: string; at: number; body: Buffer }

// What the endpoint answers to the n-th request (1-based) for one message id.
export type Behaviour = (attemptForId: number, id: string) => { status: number; delayMs?: number };

export const alwaysOk: Behaviour = () => ({ status: 200 });

export interface PartnerEndpointOptions { port?: number; host?: string; key: Buffer; cert: Buffer; ca: Buffer; behaviour?: Behaviour }

// A care provider's (or municipality's) receiving endpoint, for the demo and the tests: HTTPS
// with a required client certificate from the dev CA, and idempotent on X-Ketenpoort-Message-Id
// like any real receiver (Digikoppeling ebMS does duplicate elimination the same way): a message
// it already took is answered 200 again and not stored twice. `hits` counts every request.
export class PartnerEndpoint {
  readonly received = new Map<string, Receipt>();
  readonly hits = new Map<string, number[]>();     // id → times of every request, accepted or not
  behaviour: Behaviour;
  private server: Server | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: PartnerEndpointOptions) {
    this.behaviour = options.behaviour ?? alwaysOk;
  }

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('partner endpoint not listening');
    return `https://localhost:${address.port}/berichten`;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('partner endpoint not listening');
    return address.port;
  }

  /** Requests for ids already taken: the re-sends the receiver had to absorb. */
  duplicateRequests = 0;

  async start(): Promise<this> {
    this.server = createServer({
      key: this.options.key, cert: this.options.cert, ca: this.options.ca,
      requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2',
    }, (req, res) => void this.handle(req, res));
    const server = this.server!;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const id = String(req.headers['x-ketenpoort-message-id'] ?? '');
    if (!id) { res.writeHead(400).end('missing X-Ketenpoort-Message-Id'); return; }
    const times = this.hits.get(id) ?? [];
    times.push(Date.now());
    this.hits.set(id, times);
    if (this.received.has(id)) {
      this.duplicateRequests++;
      res.writeHead(200).end('duplicate ignored');
      return;
    }
    const { status, delayMs } = this.behaviour(times.length, id);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (status >= 200 && status < 300) {
      this.received.set(id, { id, type: String(req.headers['x-ketenpoort-type'] ?? ''), contentType: String(req.headers['content-type'] ?? ''), at: Date.now(), body: Buffer.concat(chunks) });
      for (const wake of this.waiters.splice(0)) wake();
    }
    res.writeHead(status).end(status >= 300 ? `refused with ${status}` : 'ok');
  }

  /** Resolves once `count` distinct messages were taken, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.size < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`partner endpoint has ${this.received.size} of ${count} messages after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
