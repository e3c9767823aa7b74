// The WUS client: one signed SOAP 1.1 request per attempt over mutual TLS with the gateway's client
// certificate (TLS 1.2+, ECDHE-RSA-AES128-GCM-SHA256 among the offered suites as the BKWI WSDLs prescribe),
// the answer verified before anything of it is read. Per dienst: an endpoint, a timeout per attempt, retries
// with exponential backoff and jitter (these reads are idempotent), and a circuit breaker.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { CircuitBreaker, type BreakerState } from './breaker.ts';
import { WusError } from './errors.ts';
import { signEnvelope, type SigningIdentity } from './sign.ts';
import type { SignerTrust } from './trust.ts';
import { verifyEnvelope, type VerifiedEnvelope } from './verify.ts';

/** TLS 1.3 suites, then the TLS 1.2 suites with forward secrecy; the first TLS 1.2 one is what the WSDLs name. */
export const WUS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
].join(':');

const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

export interface WusEndpoint {
  url: string;
  /** The provider's OIN (wsa:To ?oin=). */
  oin: string;
  timeoutMs: number;
  retries: number;
  backoffBaseMs: number;
}

export interface WusCall {
  /** wsa:Action of the request, and the answer's and fault's actions accepted. */
  action: string;
  answerActions: ReadonlySet<string>;
  bodyChildXml: string;
  /** The caller's deadline (a klantbeeld); each attempt also has the endpoint's own timeout. */
  signal?: AbortSignal;
}

export interface WusAnswer extends VerifiedEnvelope { attempts: number; httpStatus: number }

export interface WusClientOptions {
  identity: SigningIdentity;
  /** The gateway's OIN (wsa:From ?oin=). */
  gatewayOin: string;
  from: string;
  serverCa: Buffer;
  serverName?: string;
  trust: SignerTrust;
  breaker: { failures: number; openMs: number };
  /** Told of every attempt and of the time spent signing and verifying. */
  observe?: {
    attempt?(service: string, result: string, seconds: number): void;
    crypto?(op: 'sign' | 'verify', seconds: number, cpuSeconds: number): void;
  };
}

export function withOin(address: string, oin: string): string {
  const url = new URL(address);
  url.searchParams.set('oin', oin);
  return url.toString();
}

export class WusClient {
  private readonly agent: Agent;
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** Cumulative wall and CPU time in signing and verifying (synchronous, on this thread), for the benchmark. */
  readonly cryptoMs = { sign: 0, verify: 0, signCpu: 0, verifyCpu: 0 };

  constructor(private readonly opts: WusClientOptions) {
    this.agent = new Agent({
      connections: 32,
      keepAliveTimeout: 30_000,
      // WT008: a TLS session has a maximum duration.
      keepAliveMaxTimeout: 600_000,
      connect: {
        ca: opts.serverCa,
        cert: opts.identity.cert,
        key: opts.identity.key,
        minVersion: 'TLSv1.2',
        ciphers: WUS_CIPHERS,
        ...(opts.serverName ? { servername: opts.serverName } : {}),
      },
    });
  }

  breaker(service: string): CircuitBreaker {
    let b = this.breakers.get(service);
    if (b === undefined) {
      b = new CircuitBreaker(this.opts.breaker.failures, this.opts.breaker.openMs);
      this.breakers.set(service, b);
    }
    return b;
  }

  breakerStates(services: Iterable<string>): Record<string, BreakerState> {
    return Object.fromEntries([...services].map((s) => [s, this.breaker(s).state]));
  }

  /** Sends the request (with retries) and returns the verified answer; throws WusError. */
  async call(service: string, endpoint: WusEndpoint, call: WusCall): Promise<WusAnswer> {
    const breaker = this.breaker(service);
    let attempt = 0;
    for (;;) {
      if (call.signal?.aborted) throw new WusError('aborted', 'the caller\'s deadline passed');
      if (!breaker.tryAcquire()) throw new WusError('breaker-open', `the circuit breaker for ${service} is open`, false);
      attempt++;
      const started = performance.now();
      try {
        const answer = await this.attempt(endpoint, call);
        breaker.success();
        this.opts.observe?.attempt?.(service, 'ok', (performance.now() - started) / 1000);
        return { ...answer, attempts: attempt };
      } catch (err) {
        const e = err instanceof WusError ? err : new WusError('connect', (err as Error).message, true);
        breaker.failure();
        this.opts.observe?.attempt?.(service, e.code, (performance.now() - started) / 1000);
        if (!e.retryable || attempt > endpoint.retries || call.signal?.aborted) throw e;
        const delay = endpoint.backoffBaseMs * 2 ** (attempt - 1);
        await sleep(delay / 2 + Math.random() * (delay / 2), call.signal);
      }
    }
  }

  private async attempt(endpoint: WusEndpoint, call: WusCall): Promise<Omit<WusAnswer, 'attempts'>> {
    const messageId = `urn:uuid:${randomUUID()}`;
    let t = performance.now();
    let cpu = process.cpuUsage();
    const signed = signEnvelope(this.opts.identity, {
      addressing: { to: withOin(endpoint.url, endpoint.oin), from: withOin(this.opts.from, this.opts.gatewayOin), messageId, action: call.action },
      bodyChildXml: call.bodyChildXml,
    });
    this.noteCrypto('sign', performance.now() - t, process.cpuUsage(cpu));

    const timeout = AbortSignal.timeout(endpoint.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let status: number;
    let text: string;
    try {
      const res = await request(endpoint.url, {
        method: 'POST',
        dispatcher: this.agent,
        signal,
        // WS002: SOAPAction "" as the WSDLs' soap:operation says.
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: signed.xml,
      });
      status = res.statusCode;
      text = await readLimited(res.body);
    } catch (err) {
      if (timeout.aborted) throw new WusError('timeout', `no answer within ${endpoint.timeoutMs} ms`, true);
      if (call.signal?.aborted) throw new WusError('aborted', 'the caller\'s deadline passed');
      if (err instanceof WusError) throw err;
      throw new WusError('connect', `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`.trim(), true);
    }

    const soap = /^\s*(<\?xml[^>]*\?>\s*)?<([\w-]+:)?Envelope[\s>]/.test(text);
    if (!soap) throw new WusError('http', `HTTP ${status} without a SOAP answer`, status >= 500 || status === 408 || status === 429, status);
    t = performance.now();
    cpu = process.cpuUsage();
    try {
      const verified = verifyEnvelope(text, { trust: this.opts.trust, confirms: signed.signatureValue, relatesTo: messageId, actions: call.answerActions });
      return { ...verified, httpStatus: status };
    } catch (err) {
      // A 5xx whose envelope is not ours to trust (an intermediary's fault) may be retried; a 200 that does
      // not verify is refused outright.
      if (status >= 500 && err instanceof WusError && (err.code === 'unsigned' || err.code === 'malformed')) {
        throw new WusError('http', `HTTP ${status} with an unsigned SOAP answer`, true, status);
      }
      throw err;
    } finally {
      this.noteCrypto('verify', performance.now() - t, process.cpuUsage(cpu));
    }
  }

  private noteCrypto(op: 'sign' | 'verify', ms: number, cpu: NodeJS.CpuUsage): void {
    this.cryptoMs[op] += ms;
    this.cryptoMs[`${op}Cpu`] += (cpu.user + cpu.system) / 1000;
    this.opts.observe?.crypto?.(op, ms / 1000, (cpu.user + cpu.system) / 1e6);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readLimited(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) throw new WusError('malformed', `the answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}
