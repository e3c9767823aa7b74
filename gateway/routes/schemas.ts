// Route schemas of the spine's own routes: the probes, /metrics and POST /v1/messages (gateway/api/schemas.ts
// has the shared parts). They are the OpenAPI contract (docs/openapi.json) and serialise the answers.
import { bool, closed, errorsResponse, jsonResponse, open, str } from '../api/schemas.ts';

const readiness = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    checks: closed({ store: { type: 'string', description: '`ok` or `down: …` (why)' }, broker: { type: 'string', enum: ['ok', 'down'] } }),
    info: open('The features\' informational checks (e.g. `dkd`: each dienst\'s circuit breaker); they never decide readiness.'),
  },
  additionalProperties: false,
};

export const HEALTHZ_SCHEMA = {
  tags: ['beheer'], operationId: 'getHealthz', summary: 'Liveness', description: 'The process answers.',
  response: { 200: jsonResponse('The process is alive.', closed({ status: { type: 'string', enum: ['ok'] } })) },
};

export const READYZ_SCHEMA = {
  tags: ['beheer'], operationId: 'getReadyz', summary: 'Readiness',
  description: 'Whether this process can take messages: the store answers (and its last write did not fail for want of the database) and the broker is connected.',
  response: {
    200: jsonResponse('Ready.', readiness),
    503: jsonResponse('Not ready: `checks` says which part is down.', readiness),
  },
};

export const METRICS_SCHEMA = {
  tags: ['beheer'], operationId: 'getMetrics', summary: 'Prometheus metrics',
  description: 'Prometheus text exposition. On the mTLS port only for the operator role; the plain ops port (loopback by default) serves it to scrapers.',
  response: {
    200: { description: 'The metrics.', content: { 'text/plain': { schema: { type: 'string' } } } },
    403: errorsResponse('The client certificate is not an operator\'s.'),
  },
};

const accepted = {
  type: 'object',
  required: ['id', 'family', 'type', 'status'],
  properties: {
    id: { type: 'string', description: 'The message id (uuidv7).' },
    family: str, type: str,
    status: { type: 'string', description: '`published` once the broker confirmed it.' },
    duplicate: { ...bool, description: 'A resend of a known message: the first answer again.' },
    retour: open('For an iPgb BAB: the approving 508 the gateway sent the SVB.', { type: str, uitkomst: str }),
  },
  // What a feature's inspector adds to the answer (Inspection.extra) is kept.
  additionalProperties: true,
  description: 'Open: a feature\'s inspector may add members (Inspection.extra); the serializer keeps them.',
};

const refusal = {
  description: 'Refused by an iWmo/iJw or iPgb business rule (level 2 or 3): `errors[].code` is the rule, with its element `path`.',
  content: {
    'application/json': {
      schema: {
        allOf: [{ $ref: 'Errors#' }],
        type: 'object',
        properties: {
          level: { type: 'integer', enum: [2, 3] },
          retourCodes: { type: 'array', items: str },
          retour: open('The retour built for the refusal.', { type: str, uitkomst: str, xml: str }),
          validatieRapport: { type: 'string', description: 'The validatie-rapport 1.1 (XML).' },
          id: { ...str, description: 'The refused message, kept for the operator.' },
          answers: { type: 'array', items: closed({ id: str, type: str }) },
        },
        additionalProperties: true,
      },
    },
  },
};

const xml = (description: string) => ({ description, content: { 'application/xml': { schema: { type: 'string' } } } });

export const MESSAGES_SCHEMA = {
  tags: ['berichten'], operationId: 'postMessage', summary: 'Send a message',
  description: 'The raw message as the body (any content type; kept byte for byte): iWmo/iJw 3.2, iPgb 2.1, BRP/GBA (LO3, StUF-BG) or a StUF-GGk Di01. '
    + 'The body is the message itself: it is validated by its adapter (XSD, then the standard\'s rules), not by a JSON schema. '
    + 'Send a retry with the same Idempotency-Key. Errors keep the documented {errors: [...]} body (README, HTTP API).',
  headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', description: 'A transport retry with the same key gets the first answer again (1 to 200 characters; a longer key is ignored).' } } },
  body: { type: 'string', format: 'binary', description: 'The message.' },
  consumes: ['application/xml', 'text/xml', 'application/octet-stream', 'text/plain'],
  response: {
    200: xml('A StUF-GGk Di01 from the GGk: the Du01 carrying its retour (header X-Ketenpoort-Message-Id).'),
    202: jsonResponse('Stored durably and published.', accepted),
    400: {
      description: 'Not well-formed, a DOCTYPE, empty, or fails the XSD (`xsd-invalid`, one error per finding with `line` and `path`); a StUF-GGk Di01 is answered with a Fo01.',
      content: { 'application/json': { schema: { $ref: 'Errors#' } }, 'application/xml': { schema: { type: 'string' } } },
    },
    403: errorsResponse('`unknown-partner`, `not-authorised` (this message type), `sender-mismatch`.'),
    413: errorsResponse('Over the body limit (25 MB).'),
    415: {
      description: 'No adapter recognises the content; a StUF-GGk Di01 with an unknown payload gets a Fo01.',
      content: { 'application/json': { schema: { $ref: 'Errors#' } }, 'application/xml': { schema: { type: 'string' } } },
    },
    422: refusal,
    503: {
      description: '`broker-unavailable` (stored, not confirmed: send it again with the same Idempotency-Key), `store-unavailable` (nothing accepted), `overloaded` or `shutting-down` (this process is stopping); with Retry-After.',
      headers: { 'Retry-After': { type: 'integer' } },
      content: {
        'application/json': {
          schema: {
            allOf: [{ $ref: 'Errors#' }], type: 'object',
            properties: { id: str, family: str, type: str, status: str },
            additionalProperties: true,
          },
        },
      },
    },
  },
};
