import { request } from 'undici';
import type { DevCertFiles } from '../../../certs-dev/generate.ts';
import { partnerClient } from '../../support/client.ts';

export interface ApiAnswer { status: number; contentType: string | undefined; body: any }

/** A partner calling the watchlist API over mutual TLS with its own certificate. */
export function watchlistClient(certs: DevCertFiles, who: string, base: string) {
  const { agent, close } = partnerClient(certs, who);
  async function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: { type: string; data: string | Buffer }): Promise<ApiAnswer> {
    const res = await request(`${base}${path}`, {
      method, dispatcher: agent,
      ...(body ? { body: body.data, headers: { 'content-type': body.type } } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try { parsed = text === '' ? undefined : JSON.parse(text); } catch { /* not JSON */ }
    const type = res.headers['content-type'];
    return { status: res.statusCode, contentType: typeof type === 'string' ? type.split(';')[0] : undefined, body: parsed };
  }
  return {
    put: (bsn: string, body: object | string = {}) => call('PUT', `/v1/brp/volgindicaties/${bsn}`, { type: 'application/json', data: typeof body === 'string' ? body : JSON.stringify(body) }),
    get: (bsn: string) => call('GET', `/v1/brp/volgindicaties/${bsn}`),
    remove: (bsn: string) => call('DELETE', `/v1/brp/volgindicaties/${bsn}`),
    list: () => call('GET', '/v1/brp/volgindicaties'),
    wijzigingen: (vanaf?: string) => call('GET', `/v1/brp/wijzigingen${vanaf ? `?vanaf=${vanaf}` : ''}`),
    upload: (csv: string, type = 'text/csv') => call('POST', '/v1/brp/wachtlijst', { type, data: csv }),
    /** POST /v1/messages (LO3 bytes). */
    send: (lo3: Buffer, headers: Record<string, string> = {}) => request(`${base}/v1/messages`, {
      method: 'POST', dispatcher: agent, body: lo3, headers: { 'content-type': 'application/octet-stream', ...headers },
    }).then(async (res) => ({ status: res.statusCode, body: JSON.parse(await res.body.text()) as any })),
    close,
  };
}
