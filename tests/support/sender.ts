import type { DevCertFiles } from '../../certs-dev/generate.ts';
import { partnerClient } from './client.ts';
import { uniqueWmo301 } from './corpus.ts';

export interface SendRun {
  /** Message number → the id of its 202. */
  accepted: Map<number, string>;
  /** A message given two different ids (never allowed). */
  conflicts: string[];
  /** Answers that were not 202, by status and error code ('503 store-unavailable', '503 broker-unavailable', …). */
  refusals: Map<string, number>;
  /** Requests that got no answer (connection refused or reset). */
  transportErrors: number;
  /** 503s without a Retry-After header. */
  withoutRetryAfter: number;
}

export interface SendOptions {
  count: number;
  /** Numbers the messages (each a unique WMO301) so several runs in one test never collide. */
  offset?: number;
  concurrency?: number;
  /** Give up on one message after this long. */
  perMessageMs?: number;
  onAccepted?: (accepted: number) => void;
}

/**
 * A sender that behaves as the README asks a partner to: every message is sent until it gets a 202, with the
 * same Idempotency-Key every time; a 503 or a connection error is retried after a pause; any other answer
 * fails the run (a 500 included).
 */
export async function sendUntilAccepted(base: string | readonly string[], certs: DevCertFiles, o: SendOptions): Promise<SendRun> {
  // Several gateways: message i goes to gateway i mod n, and each retry to the next one.
  const bases = typeof base === 'string' ? [base] : base;
  const client = partnerClient(certs, 'gemeente-0384', o.concurrency ?? 32);
  const run: SendRun = { accepted: new Map(), conflicts: [], refusals: new Map(), transportErrors: 0, withoutRetryAfter: 0 };
  const offset = o.offset ?? 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < o.count; i = next++) {
      const body = uniqueWmo301(offset + i);
      const deadline = Date.now() + (o.perMessageMs ?? 180_000);
      for (let tries = 0; ; tries++) {
        let res: Awaited<ReturnType<typeof client.post>> | undefined;
        try {
          res = await client.post(bases[(i + tries) % bases.length]!, body, { 'idempotency-key': `faults-${offset + i}` });
        } catch {
          run.transportErrors++;
        }
        if (res?.status === 202) {
          const seen = run.accepted.get(i);
          if (seen && seen !== res.body.id) run.conflicts.push(`${i}: ${seen} then ${res.body.id}`);
          run.accepted.set(i, res.body.id as string);
          o.onAccepted?.(run.accepted.size);
          break;
        }
        if (res) {
          const code = (res.body as { errors?: Array<{ code?: string }> })?.errors?.[0]?.code ?? 'none';
          const key = `${res.status} ${code}`;
          run.refusals.set(key, (run.refusals.get(key) ?? 0) + 1);
          if (res.status !== 503) throw new Error(`message ${i}: unexpected ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
          if (!res.headers['retry-after']) run.withoutRetryAfter++;
        }
        if (Date.now() > deadline) throw new Error(`message ${i} never accepted (${run.accepted.size} accepted so far; ${describeRun(run)})`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency ?? 32 }, worker));
  } finally {
    await client.close();
  }
  return run;
}

export function describeRun(run: SendRun): string {
  return `${run.accepted.size} accepted; refusals ${JSON.stringify(Object.fromEntries(run.refusals))}; ${run.transportErrors} transport errors`;
}
