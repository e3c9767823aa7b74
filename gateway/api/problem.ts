// The one error base of the newer APIs (BRP watchlists, PGB, DKD): application/problem+json as RFC 9457 has it —
// type, title, status, detail, instance — with a stable `code` and, where the fault is in the request,
// `invalidParams` (the Haal Centraal shape) as extension members. No value from the request is ever echoed
// (it may be a BSN). /v1/messages, /v1/istandaarden/retours and /v1/ops keep their documented
// {errors: [...]} body (gateway/error-handler.ts, cockpit/errors.ts).
import type { FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';

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

/** Where a finding is: its instance path with the member it is about (a missing or unknown one), dotted. */
export function fieldOf(e: FastifySchemaValidationError): string {
  const params = e.params as Record<string, unknown>;
  const at = (e.instancePath ?? '').split('/').filter((s) => s !== '').join('.');
  const extra = typeof params.missingProperty === 'string' ? params.missingProperty : typeof params.additionalProperty === 'string' ? params.additionalProperty : '';
  return [at, extra].filter((s) => s !== '').join('.');
}

/** A fastify (ajv) validation failure as invalidParams: the parameter's name and the rule, never its value. */
export function invalidParamsOf(errors: readonly FastifySchemaValidationError[]): InvalidParam[] {
  return errors.map((e) => ({ name: fieldOf(e) || 'body', code: KEYWORD_CODES[e.keyword] ?? e.keyword, reason: e.message ?? 'is not valid' }));
}

// The Haal Centraal codes and texts (Haal-Centraal-common, BadRequestFoutbericht) for what ajv finds: the
// watchlist and DKD APIs answered these before ajv judged their requests, and their clients read `code`.
const HC_FORMAT_CODES: Readonly<Record<string, string>> = { date: 'date', 'date-time': 'dateTime' };

function hcReason(e: FastifySchemaValidationError): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return 'Parameter is verplicht.';
    case 'additionalProperties': return 'Parameter is niet verwacht.';
    case 'pattern': return `Waarde voldoet niet aan patroon ${String(params.pattern)}.`;
    case 'format': return params.format === 'date' ? 'Waarde is geen geldige datum (JJJJ-MM-DD).' : `Waarde is geen geldige ${String(params.format)}.`;
    case 'enum': return `Waarde is niet een van ${(params.allowedValues as unknown[] | undefined)?.join(', ') ?? 'de toegestane waarden'}.`;
    case 'type': return `Waarde is geen ${String(params.type)}.`;
    case 'minimum': return `Waarde is lager dan minimum ${String(params.limit)}.`;
    case 'maximum': return `Waarde is hoger dan maximum ${String(params.limit)}.`;
    case 'minLength': return `Waarde is korter dan minimale lengte ${String(params.limit)}.`;
    case 'maxLength': return `Waarde is langer dan maximale lengte ${String(params.limit)}.`;
    default: return 'Waarde is niet correct.';
  }
}

/**
 * A fastify (ajv) validation failure as Haal Centraal invalidParams: the parameter's name (`body` for the body
 * as a whole), the Haal Centraal code and its Dutch reason; never the value.
 */
export function haalCentraalParamsOf(errors: readonly FastifySchemaValidationError[]): InvalidParam[] {
  const seen = new Set<string>();
  const out: InvalidParam[] = [];
  for (const e of errors) {
    const format = (e.params as { format?: string }).format;
    const code = e.keyword === 'format' && format !== undefined && HC_FORMAT_CODES[format] ? HC_FORMAT_CODES[format] : KEYWORD_CODES[e.keyword] ?? e.keyword;
    const p = { name: fieldOf(e) || 'body', code, reason: hcReason(e) };
    // allErrors can name one field twice for one rule (a nullable type and its format): once is enough.
    const key = `${p.name}\u0000${p.code}`;
    if (!seen.has(key)) { seen.add(key); out.push(p); }
  }
  return out;
}

/** The findings of a route that lets its handler see the validation (`attachValidation`), or none. */
export function schemaFindings(req: FastifyRequest): InvalidParam[] {
  return req.validationError?.validation ? haalCentraalParamsOf(req.validationError.validation) : [];
}
