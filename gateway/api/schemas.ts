// Shared JSON schemas of the HTTP APIs, added once to the gateway (app.addSchema) and referenced as
// { $ref: 'Name#' }; @fastify/swagger lists them under components.schemas by their $id.
import type { FastifyInstance } from 'fastify';

export const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details, with a stable `code` and, for a faulty request, `invalidParams`.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'This occurrence: urn:ketenpoort:request:{X-Request-Id}.' },
    code: { type: 'string', minLength: 1 },
    invalidParams: {
      type: 'array',
      items: { type: 'object', required: ['name', 'code', 'reason'], properties: { name: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' } }, additionalProperties: false },
    },
  },
  // Feature-specific members (a DKD `dienst` and `fouten`, a PGB `column` or `row`) ride along.
  additionalProperties: true,
} as const;

export const ERRORS_SCHEMA = {
  $id: 'Errors',
  type: 'object',
  description: 'The error body of /v1/messages, /v1/istandaarden/retours and /v1/ops: one entry per finding.',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, path: { type: 'string' },
        },
        additionalProperties: true,
      },
    },
  },
  // Ingest refusals carry more (level, retourCodes, retour, validatieRapport, id, answers); see the operation.
  additionalProperties: true,
} as const;

/**
 * For the two routes whose body is a file or a message (POST /v1/messages, POST /v1/pgb/uitvallijsten): the bytes
 * are judged by their reader (an adapter's XSD and rules, the uitvallijst reader), which a JSON schema cannot do,
 * and their other parts (an Idempotency-Key, a layout and file name) carry no rule a string could break; so ajv
 * does not run there. Every other route is validated by its schema.
 */
export const BODY_JUDGED_BY_ITS_READER = { validatorCompiler: () => () => true } as const;

/**
 * ajv judges the request and the handler answers its findings (gateway/api/problem.ts schemaFindings) together
 * with its own: the Haal Centraal APIs (watchlists, DKD) name every finding at once, the elfproef included.
 */
export const HANDLER_ANSWERS_FINDINGS = { attachValidation: true } as const;

export function addSharedSchemas(app: FastifyInstance): void {
  app.addSchema(PROBLEM_SCHEMA);
  app.addSchema(ERRORS_SCHEMA);
}

type Schema = Record<string, unknown>;

/** A response whose body is a problem (application/problem+json). */
export function problemResponse(description: string): Schema {
  return { description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } };
}

/** A response whose body is the {errors} body (application/json). */
export function errorsResponse(description: string): Schema {
  return { description, content: { 'application/json': { schema: { $ref: 'Errors#' } } } };
}

/** One JSON response with a description. */
export function jsonResponse(description: string, schema: Schema, contentType = 'application/json'): Schema {
  return { description, content: { [contentType]: { schema } } };
}

export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
export const str: Schema = { type: 'string' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const time: Schema = { type: 'string', format: 'date-time' };
/** An object whose members another module owns; kept whole by the serializer. */
export const open = (description: string, properties: Record<string, Schema> = {}): Schema => ({ type: 'object', description, properties, additionalProperties: true });
/** An object whose members are all listed: the serializer writes these and only these. */
export function closed(properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}
