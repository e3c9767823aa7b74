// DKD API errors as application/problem+json (RFC 9457), with a stable `code`. No value from the request is
// ever echoed (it may be a BSN).
import type { FastifyReply } from 'fastify';

export const PROBLEM_TYPE = 'application/problem+json';

export interface InvalidParam { name: string; code: string; reason: string }

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  [extra: string]: unknown;
}

export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://ketenpoort.nl/problemen/dkd/${code}`, title, status, code, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).header('cache-control', 'no-store').type(PROBLEM_TYPE).send(p);
}
