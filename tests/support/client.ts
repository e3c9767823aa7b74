import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { DevCertFiles } from '../../certs-dev/generate.ts';

export interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: any }

/** A partner's HTTPS client: presents that partner's certificate and trusts the dev CA. */
export function partnerClient(certs: DevCertFiles, who: string | { cert: string; key: string } | null, connections = 16) {
  const files = who === null ? null : typeof who === 'string' ? certs.partner(who) : who;
  const agent = new Agent({
    connections,
    connect: {
      ca: readFileSync(certs.caCert),
      ...(files ? { cert: readFileSync(files.cert), key: readFileSync(files.key) } : {}),
      servername: 'localhost',
    },
  });
  return {
    agent,
    async post(base: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
      const res = await request(`${base}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/xml', ...headers }, dispatcher: agent });
      const text = await res.body.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.statusCode, headers: res.headers, body: parsed };
    },
    async get(base: string, path: string): Promise<Answer> {
      const res = await request(`${base}${path}`, { dispatcher: agent });
      const text = await res.body.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.statusCode, headers: res.headers, body: parsed };
    },
    /** Any method and path; a string body is sent as is, an object as JSON. */
    async send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', base: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
      const json = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
      const res = await request(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as string | Buffer) }),
        headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
        dispatcher: agent,
      });
      const text = await res.body.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.statusCode, headers: res.headers, body: parsed };
    },
    close: () => agent.close(),
  };
}
