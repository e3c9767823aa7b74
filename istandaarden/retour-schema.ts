// The schema of POST /v1/istandaarden/retours: it validates the request (fastify's ajv) and is the OpenAPI contract.
import { closed, errorsResponse, jsonResponse, str } from '../gateway/api/schemas.ts';

export interface RetourRequest {
  messageId: string;
  findings: { rule: string; code: string; path: string; message?: string }[];
}

export const RETOUR_SCHEMA = {
  tags: ['istandaarden'], operationId: 'postRetour', summary: 'Ask for the retour on a received message',
  description: 'For a municipality\'s backend that judged a message it received (level 4: contract, product list, …). The gateway builds the retour (or the 325) as IV028/IV087 prescribe and routes it to the message\'s sender. Only the partner the message was delivered to may ask. Errors keep the {errors: [...]} body.',
  body: {
    type: 'object',
    required: ['messageId'],
    properties: {
      messageId: { type: 'string', minLength: 1 },
      findings: {
        type: 'array', default: [],
        items: {
          type: 'object',
          required: ['rule', 'code', 'path'],
          properties: {
            rule: { type: 'string', pattern: '^[A-Z]{2}\\d{3}$', description: 'A rule id such as TR332.' },
            code: { type: 'string', pattern: '^[0-9A-Z]{4}$', description: 'A WJ001 retour code such as 9332.' },
            path: { type: 'string', pattern: '^/Bericht', description: 'An element path starting with /Bericht.' },
            message: { type: 'string', maxLength: 500 },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  response: {
    200: jsonResponse('Asked before: the same retour again (`duplicate: true`).', closed({ id: str, type: str, uitkomst: str, duplicate: { type: 'boolean' }, xml: str })),
    201: jsonResponse('The retour, built, stored and routed to the sender.', closed({ id: str, type: str, uitkomst: str, duplicate: { type: 'boolean' }, xml: str })),
    400: errorsResponse('The request does not match the schema (`invalid-request`, with `path`).'),
    403: errorsResponse('The certificate names no configured partner.'),
    404: errorsResponse('No iWmo/iJw message with that id was delivered to this partner.'),
    409: errorsResponse('That message type gets no retour.'),
    422: errorsResponse('The findings cannot make a retour (e.g. a path the message does not have).'),
  },
};
