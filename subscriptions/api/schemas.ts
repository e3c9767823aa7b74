// Route schemas of the watchlist API: the OpenAPI contract, the check of every request (fastify's ajv) and the
// serialiser of the answers. The Haal Centraal shape names every finding at once in `invalidParams`, so the
// routes let the handler see ajv's findings (attachValidation) and add the one a schema cannot express: the
// elfproef (gateway/api/problem.ts schemaFindings).
import { closed, HANDLER_ANSWERS_FINDINGS, jsonResponse, problemResponse, str } from '../../gateway/api/schemas.ts';

const bsnParams = {
  type: 'object', required: ['burgerservicenummer'],
  properties: { burgerservicenummer: { type: 'string', pattern: '^[0-9]{9}$', description: 'Nine digits that pass the elfproef.' } },
};

const volgindicatie = {
  type: 'object',
  required: ['burgerservicenummer', 'begindatum', 'status'],
  properties: {
    burgerservicenummer: str,
    begindatum: { type: 'string', format: 'date' },
    einddatum: { type: 'string', format: 'date' },
    referentie: str,
    status: { type: 'string', enum: ['aangevraagd', 'geplaatst', 'geweigerd', 'beeindigd'] },
    reden: { type: 'object', required: ['code'], properties: { code: str, omschrijving: str }, additionalProperties: false },
  },
  additionalProperties: false,
};

const errors = {
  400: problemResponse('A parameter is not correct: `invalidParams` names each (`paramsValidation`).'),
  403: problemResponse('Not a subscriber (`autorisation`).'),
  500: problemResponse('Internal error.'),
};

const TAGS = ['brp-volgindicaties'];

export const PUT_VOLGINDICATIE = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'putVolgindicatie', summary: 'Place or change a volgindicatie',
    description: 'The first active one on a person sends an Ap01 to GBA-V. A new one is always `aangevraagd` at first, whoever else watches the person.',
    params: bsnParams,
    body: {
      type: 'object', nullable: true, description: 'May be left out: a volgindicatie without einddatum or referentie.',
      properties: {
        einddatum: { type: 'string', format: 'date', nullable: true },
        referentie: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\p{Cc}]*\\S[^\\p{Cc}]*$', nullable: true, description: '1 to 100 characters, not only spaces, no control characters.' },
      },
      additionalProperties: false,
    },
    response: {
      200: jsonResponse('Changed.', volgindicatie),
      201: jsonResponse('Placed.', volgindicatie, 'application/hal+json'),
      ...errors,
      413: problemResponse('The request is too large.'),
      415: problemResponse('Not application/json.'),
    },
  },
};

export const GET_VOLGINDICATIE = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'getVolgindicatie', summary: 'One volgindicatie', description: 'Also when ended; another subscriber\'s is 404, as if it did not exist.',
    params: bsnParams,
    response: { 200: jsonResponse('The volgindicatie.', volgindicatie), ...errors, 404: problemResponse('No volgindicatie of this subscriber on that person.') },
  },
};

export const DELETE_VOLGINDICATIE = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'deleteVolgindicatie', summary: 'End a volgindicatie', description: 'Ends it today; the last one on a person sends an Av01.',
    params: bsnParams,
    response: { 204: { description: 'Ended.', type: 'null' }, ...errors, 404: problemResponse('No volgindicatie of this subscriber on that person.') },
  },
};

export const LIST_VOLGINDICATIES = {
  schema: {
    tags: TAGS, operationId: 'listVolgindicaties', summary: 'The active volgindicaties', description: 'Only the calling subscriber\'s own.',
    response: { 200: jsonResponse('Its active volgindicaties.', closed({ volgindicaties: { type: 'array', items: volgindicatie } })), 403: errors[403], 500: errors[500] },
  },
};

export const WIJZIGINGEN = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'getWijzigingen', summary: 'Persons with an alert', description: 'The BSNs it had an alert for during its active volgindicatie, since `vanaf` (audited).',
    querystring: { type: 'object', properties: { vanaf: { type: 'string', format: 'date' } }, additionalProperties: false },
    response: {
      200: jsonResponse('The persons.', closed({
        _links: closed({ self: closed({ href: str }) }),
        burgerservicenummers: { type: 'array', items: str },
      }), 'application/hal+json'),
      ...errors,
    },
  },
};

const rowResult = {
  type: 'object', required: ['rij', 'resultaat'],
  properties: {
    rij: { type: 'integer' }, resultaat: { type: 'string', enum: ['toegevoegd', 'gewijzigd', 'fout'] }, referentie: str, status: str,
    fout: closed({ code: str, melding: str }),
  },
  additionalProperties: false,
};

export const WACHTLIJST = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'postWachtlijst', summary: 'Upload a waiting list',
    description: 'CSV `burgerservicenummer;referentie[;einddatum]`, one person a row (at most 100,000 rows), answered per row.',
    consumes: ['text/csv', 'text/plain'],
    body: { type: 'string', description: 'The CSV.' },
    response: {
      200: jsonResponse('The result per row.', closed({ aantal: closed({ toegevoegd: { type: 'integer' }, gewijzigd: { type: 'integer' }, fout: { type: 'integer' } }), rijen: { type: 'array', items: rowResult } })),
      ...errors,
      413: problemResponse('The list is too large.'),
      415: problemResponse('Not text/csv.'),
    },
  },
};



