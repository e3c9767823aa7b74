// Errors of the pgb feature's API as application/problem+json (RFC 9457): a stable code, a title, where the
// fault is (a column, a row), never a value from the request (it may be a BSN).
import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class PgbError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PgbError';
  }
}

export function sendPgbProblem(reply: FastifyReply, err: PgbError): FastifyReply {
  return reply.code(err.status).header('cache-control', 'no-store').type(PROBLEM_CONTENT_TYPE).send({
    type: `https://ketenpoort.nl/problems/pgb/${err.code}`,
    title: err.message,
    status: err.status,
    code: err.code,
    ...err.extra,
  });
}
