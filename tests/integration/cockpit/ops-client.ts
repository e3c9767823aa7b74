import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { DevCertFiles } from '../../../certs-dev/generate.ts';

export interface OpsAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: any }

/** JSON calls to the operator API with a partner's client certificate (an operator, or not). */
export function opsClient(certs: DevCertFiles, who: string, base: string) {
  const files = certs.partner(who);
  const agent = new Agent({ connections: 8, connect: { ca: readFileSync(certs.caCert), cert: readFileSync(files.cert), key: readFileSync(files.key), servername: 'localhost' } });
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<OpsAnswer> => {
    const res = await request(`${base}${path}`, {
      method, dispatcher: agent,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    delete: (path: string) => call('DELETE', path),
    close: () => agent.close(),
  };
}

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
