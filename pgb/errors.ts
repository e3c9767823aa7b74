// Errors of the pgb feature's API as application/problem+json (RFC 9457) from the gateway's one error base
// (gateway/api/problem.ts): a stable code, a title, where the fault is (a parameter, a column, a row), never a
// value from the request (it may be a BSN).
import type { FastifyReply } from 'fastify';
import { sendProblem } from '../gateway/api/problem.ts';

export { PROBLEM_CONTENT_TYPE } from '../gateway/api/problem.ts';

export const pgbProblemType = (code: string): string => `https://ketenpoort.nl/problems/pgb/${code}`;

export class PgbError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PgbError';
  }
}

export function sendPgbProblem(reply: FastifyReply, err: PgbError): FastifyReply {
  return sendProblem(reply.header('cache-control', 'no-store'), { type: pgbProblemType(err.code), title: err.message, status: err.status, code: err.code, ...err.extra });
}
