import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { DevCertFiles } from '../../../certs-dev/generate.ts';

export interface PgbAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: any; raw: Buffer }

/** Calls to /v1/pgb with a partner's client certificate. */
export function pgbClient(certs: DevCertFiles, who: string, base: string) {
  const files = certs.partner(who);
  const agent = new Agent({ connections: 4, connect: { ca: readFileSync(certs.caCert), cert: readFileSync(files.cert), key: readFileSync(files.key), servername: 'localhost' } });
  const call = async (method: 'GET' | 'POST', path: string, body?: Buffer | string, type?: string): Promise<PgbAnswer> => {
    const res = await request(`${base}${path}`, { method, dispatcher: agent, ...(body !== undefined ? { body, headers: { 'content-type': type ?? 'application/json' } } : {}) });
    const raw = Buffer.from(await res.body.arrayBuffer());
    let parsed: unknown = raw.toString('utf8');
    try { parsed = JSON.parse(parsed as string); } catch { /* not JSON */ }
    return { status: res.statusCode, headers: res.headers, body: parsed, raw };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, JSON.stringify(body)),
    upload: (data: Buffer, type: string, query = '') => call('POST', `/v1/pgb/uitvallijsten${query}`, data, type),
    close: () => agent.close(),
  };
}
