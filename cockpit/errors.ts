import type { FastifyError, FastifyReply, FastifySchemaValidationError } from 'fastify';
import { fieldOf } from '../gateway/api/problem.ts';

/** An answer the operator API gives instead of a result: HTTP status, a stable code, and where the fault is. */
export class OpsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly path?: string, readonly extra?: Record<string, unknown>) {
    super(message);
    this.name = 'OpsError';
  }
}

export function sendOpsError(reply: FastifyReply, err: OpsError): FastifyReply {
  return reply.code(err.status).send({ ...err.extra, errors: [{ code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) }] });
}

// ajv's name for where a fault is → the operator API's (`query.from`, `params.id`, `body.ids[3]`).
const SOURCE: Readonly<Record<string, string>> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' };
// A field whose fault docs/cockpit-api.md names by its own code.
const FIELD_CODES: Readonly<Record<string, string>> = { 'body.bsn': 'bad-bsn' };

function pathOf(source: string, e: FastifySchemaValidationError): string {
  return fieldOf(e).split('.').filter((s) => s !== '').reduce((at, s) => (/^\d+$/.test(s) ? `${at}[${s}]` : `${at}.${s}`), source);
}

/**
 * A request that fails its route's schema, answered in the operator API's {errors} body the cockpit and the CLI
 * read: one entry per finding, `bad-body` for the body and `bad-query` for the rest, with `path` naming it
 * (never the value: it may be a BSN). Undefined when `err` is no validation error.
 */
export function opsValidationAnswer(err: FastifyError): { errors: { code: string; message: string; path: string }[] } | undefined {
  if (!err.validation) return undefined;
  const source = SOURCE[err.validationContext ?? 'body'] ?? 'body';
  return {
    errors: err.validation.map((e) => {
      const path = pathOf(source, e);
      return { code: FIELD_CODES[path] ?? (source === 'body' ? 'bad-body' : 'bad-query'), message: `${path} ${e.message ?? 'is not valid'}`, path };
    }),
  };
}
