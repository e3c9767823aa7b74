import type { FastifyReply } from 'fastify';

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
