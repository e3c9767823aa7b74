// The one error base of the newer APIs (BRP watchlists, PGB, DKD): application/problem+json as RFC 9457 has it —
// type, title, status, detail, instance — with a stable `code` and, where the fault is in the request,
// `invalidParams` (the Haal Centraal shape) as extension members. No value from the request is ever echoed
// (it may be a BSN). /v1/messages, /v1/istandaarden/retours and /v1/ops keep their documented
// {errors: [...]} body (gateway/error-handler.ts, cockpit/errors.ts).
import type { FastifyError, FastifyReply, FastifySchemaValidationError } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface InvalidParam { name: string; code: string; reason: string }

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  invalidParams?: InvalidParam[];
  [extension: string]: unknown;
}

/** RFC 9457 `instance`: this occurrence, named by the request id the answer also carries as X-Request-Id. */
export function instanceOf(requestId: string): string {
  return `urn:ketenpoort:request:${requestId}`;
}

/** Sends `p` as application/problem+json; `detail` is always present (the API Design Rules require it). */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send({ ...p, detail: p.detail ?? p.title, instance: instanceOf(String(reply.request.id)) });
}

const KEYWORD_CODES: Readonly<Record<string, string>> = {
  required: 'required', additionalProperties: 'unknownParam', pattern: 'pattern', type: 'type', enum: 'enum',
  format: 'format', minimum: 'minimum', maximum: 'maximum', minLength: 'minLength', maxLength: 'maxLength',
  minItems: 'minItems', maxItems: 'maxItems',
};

/** A fastify (ajv) validation failure as invalidParams: the parameter's name and the rule, never its value. */
export function invalidParamsOf(errors: readonly FastifySchemaValidationError[]): InvalidParam[] {
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>;
    const at = (e.instancePath ?? '').split('/').filter((s) => s !== '').join('.');
    const extra = typeof params.missingProperty === 'string' ? params.missingProperty : typeof params.additionalProperty === 'string' ? params.additionalProperty : '';
    const name = [at, extra].filter((s) => s !== '').join('.') || 'body';
    return { name, code: KEYWORD_CODES[e.keyword] ?? e.keyword, reason: e.message ?? 'is not valid' };
  });
}

/** A fastify error as the problem every newer API answers: validation → 400 with invalidParams. */
export function validationProblem(err: FastifyError, type: (code: string) => string): Problem | undefined {
  if (!err.validation) return undefined;
  return {
    type: type('paramsValidation'), title: 'Een of meerdere parameters zijn niet correct.', status: 400, code: 'paramsValidation',
    detail: `the ${err.validationContext ?? 'request'} does not match the API's schema`, invalidParams: invalidParamsOf(err.validation),
  };
}
