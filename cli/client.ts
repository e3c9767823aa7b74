// The CLI's HTTPS client for the operator API: mutual TLS with an operator certificate.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

export interface Connection { url: string; cert: string; key: string; ca: string }

/** The gateway answered with an error: its HTTP status and first error code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
  }
}

/** The gateway could not be reached at all (connection, TLS, certificate files). */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
}

export class OpsClient {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(conn: Connection) {
    const read = (what: string, file: string) => {
      try {
        return readFileSync(file);
      } catch (err) {
        throw new ConnectError(`cannot read the ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass --${what} or run \`ketenpoort certs dev\``);
      }
    };
    this.agent = new Agent({ connect: { cert: read('cert', conn.cert), key: read('key', conn.key), ca: read('ca', conn.ca) } });
    this.base = conn.url.replace(/\/+$/, '');
  }

  get<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    return this.call<T>('GET', s ? `${path}?${s}` : path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /** Raw bytes (an uploaded file) with their own content type. */
  upload<T>(path: string, body: Buffer, contentType: string): Promise<T> {
    return this.call<T>('POST', path, body, contentType);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async call<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    let res;
    try {
      res = await request(`${this.base}${path}`, {
        method: method as 'GET',
        dispatcher: this.agent,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}) },
        ...(body !== undefined ? { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const e = err as Error & { code?: string };
      throw new ConnectError(`cannot reach the gateway at ${this.base}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim());
    }
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (res.statusCode >= 400) {
      // The operator API answers { errors: [...] }; /v1/pgb answers application/problem+json { code, title, column?, row? }.
      const problem = parsed as { code?: string; title?: string; column?: string; row?: number } | undefined;
      const first = (parsed as { errors?: { code?: string; message?: string; path?: string }[] } | undefined)?.errors?.[0]
        ?? (problem?.code !== undefined ? { code: problem.code, message: problem.title, ...(problem.column !== undefined ? { path: `column ${problem.column}` } : problem.row !== undefined ? { path: `row ${problem.row}` } : {}) } : undefined);
      const where = first?.path ? ` (${first.path})` : '';
      throw new ApiError(res.statusCode, first?.code ?? `http-${res.statusCode}`, `${first?.message ?? `HTTP ${res.statusCode}`}${where}`, parsed);
    }
    return parsed as T;
  }
}
