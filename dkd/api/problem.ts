// DKD API errors as application/problem+json (RFC 9457) from the gateway's one error base
// (gateway/api/problem.ts), with a stable `code`. No value from the request is ever echoed (it may be a BSN).
import type { FastifyReply } from 'fastify';
import { sendProblem as sendBaseProblem, type Problem } from '../../gateway/api/problem.ts';

export { PROBLEM_CONTENT_TYPE as PROBLEM_TYPE, type InvalidParam, type Problem } from '../../gateway/api/problem.ts';

export const dkdProblemType = (code: string): string => `https://ketenpoort.nl/problemen/dkd/${code}`;

export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}): Problem {
  return { type: dkdProblemType(code), title, status, code, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return sendBaseProblem(reply.header('cache-control', 'no-store'), p);
}
