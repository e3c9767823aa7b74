// Route schemas of the DKD API: the OpenAPI contract, the check of every request (fastify's ajv) and the
// serialiser of the answers. The DKD API names every finding at once in `invalidParams`: its routes let the
// handler see ajv's findings (attachValidation) and add what a schema cannot express (readInput: the elfproef,
// `periode` only for UWV and in order, the configured ceiling of maxDuurMs). The operator routes' faults are
// answered in the operator API's {errors} body (cockpit/routes/plugin.ts).
import { DOELBINDING } from '../../config/partners-schema.ts';
import { closed, HANDLER_ANSWERS_FINDINGS, jsonResponse, open, problemResponse, str } from '../../gateway/api/schemas.ts';

const DIENSTEN = ['BRPDossierPersoonGSD', 'UWVDossierInkomstenGSD', 'SVBDossierPersoonGSD', 'Bijstandsregelingen'];
const OUTCOMES = ['gevonden', 'niets-gevonden', 'niet-gerechtigd', 'fwi-fout', 'geweigerd-doelbinding', 'timeout', 'niet-beschikbaar', 'onbetrouwbaar', 'fout'];

const bsn = { type: 'string', pattern: '^[0-9]{9}$', description: 'Nine digits that pass the elfproef.' };
const doelbinding = { type: 'string', pattern: DOELBINDING.source, description: 'The purpose of the lookup, as configured for the partner (dkd.diensten).' };
const zaakreferentie = { type: 'string', pattern: '^[\\p{L}\\p{N} ._:/#-]{1,100}$', description: 'At most 100 letters, digits, spaces or . _ : / # -.' };

const melding = { type: 'object', required: ['code'], properties: { code: str, bron: str, omschrijving: str }, additionalProperties: false };
const waarschuwing = {
  type: 'object', required: ['soort', 'code'],
  properties: { soort: { type: 'string', enum: ['waarschuwing', 'informatie', 'schema'] }, code: str, bron: str, pad: str, omschrijving: str },
  additionalProperties: false,
};

const errors = {
  400: problemResponse('A parameter is not correct: `invalidParams` names each (`paramsValidation`); no value is echoed.'),
  403: problemResponse('`doelbinding-niet-toegestaan`, `geen-dkd-autorisatie`, `onbekende-partij`, `niet-gerechtigd` (the source said NietGerechtigd).'),
  415: problemResponse('Not application/json.'),
};

const TAGS = ['dkd'];

export const DIENST_SCHEMA = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'postDkdDienst', summary: 'Ask one Suwinet-Inlezen dienst',
    description: 'Every lookup, refused or answered, is in the protocol before the answer is sent. Answers carry Cache-Control: no-store.',
    params: { type: 'object', required: ['dienst'], properties: { dienst: { type: 'string', enum: DIENSTEN } } },
    body: {
      type: 'object', required: ['burgerservicenummer', 'doelbinding'],
      properties: {
        burgerservicenummer: bsn, doelbinding, zaakreferentie,
        periode: { ...closed({ van: { type: 'string', format: 'date' }, tot: { type: 'string', format: 'date' } }), description: 'UWVDossierInkomstenGSD only; `van` not after `tot`.' },
      },
      additionalProperties: false,
    },
    response: {
      200: jsonResponse('The source\'s data.', {
        type: 'object', required: ['dienst', 'status', 'gegevens', 'waarschuwingen'],
        properties: {
          dienst: str, status: { type: 'string', enum: ['gevonden'] },
          gegevens: { ...open('ClientSuwi as the SuwiML codec types it (adapters/suwiml/).'), nullable: true },
          waarschuwingen: { type: 'array', items: waarschuwing },
        },
        additionalProperties: false,
      }),
      ...errors,
      404: problemResponse('`niets-gevonden` (NietsGevonden) or `onbekende-dienst`.'),
      502: problemResponse('`fwi-fout` (with `fouten`), `antwoord-onbetrouwbaar`, `dienst-fout`.'),
      503: problemResponse('`dienst-niet-beschikbaar` (Retry-After when the breaker is open) or `protocollering-mislukt`.'),
      504: problemResponse('`dienst-timeout`.'),
    },
  },
};

export const KLANTBEELD_SCHEMA = {
  ...HANDLER_ANSWERS_FINDINGS,
  schema: {
    tags: TAGS, operationId: 'postKlantbeeld', summary: 'Ask every dienst for one klantbeeld',
    description: 'Every dienst the caller may use for that doelbinding, in parallel, under one deadline. A source that fails or is slow makes it partial (`volledig: false`), never a 5xx.',
    body: {
      type: 'object', required: ['burgerservicenummer', 'doelbinding'],
      properties: { burgerservicenummer: bsn, doelbinding, zaakreferentie, maxDuurMs: { type: 'integer', minimum: 100, description: 'At most the configured klantbeeld.timeoutMs.' } },
      additionalProperties: false,
    },
    response: {
      200: jsonResponse('The klantbeeld.', {
        type: 'object', required: ['doelbinding', 'volledig', 'ontbrekend', 'bronnen', 'klant'],
        properties: {
          doelbinding: str, zaakreferentie: str, volledig: { type: 'boolean' },
          ontbrekend: { type: 'array', items: str },
          bronnen: {
            type: 'array',
            items: {
              type: 'object', required: ['dienst', 'status', 'duurMs', 'waarschuwingen'],
              properties: {
                dienst: str, status: { type: 'string', enum: OUTCOMES }, duurMs: { type: 'number' }, code: str,
                fouten: { type: 'array', items: melding }, waarschuwingen: { type: 'array', items: waarschuwing },
              },
              additionalProperties: false,
            },
          },
          klant: open('Per dienst that found the client, its data (ClientSuwi).'),
        },
        additionalProperties: false,
      }),
      ...errors,
      503: problemResponse('`protocollering-mislukt`: the lookup could not be recorded, so it is not answered.'),
    },
  },
};

// The DKD part of the operator API keeps the operator API's {errors} body.
const protocolItem = open('One lookup in the protocol (no BSN: its keyed hash).', {
  seq: { type: 'integer' }, at: { type: 'string' }, partner: str, partnerOin: str, dienst: str, doelbinding: str,
  zaakreferentie: { type: 'string', nullable: true }, outcome: str, code: { type: 'string', nullable: true }, durationMs: { type: 'number' },
  bsnHash: str, requestId: { type: 'string', nullable: true }, klantbeeld: { type: 'boolean' },
});
const protocolPage = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: protocolItem }, nextAfterSeq: { type: 'integer', nullable: true } }, additionalProperties: false };
const filters = {
  partner: str, dienst: str, outcome: str, doelbinding: str, zaakreferentie: str,
  from: { type: 'string', description: 'ISO 8601 time.' }, to: { type: 'string', description: 'ISO 8601 time.' },
  afterSeq: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 0 },
};
const opsErrors = (extra: Record<string, unknown> = {}) => ({
  400: { description: 'A malformed filter: `bad-query` or `bad-body` with `path` (the schema), `bad-request` (a time that is not ISO 8601, a BSN that fails the elfproef).', content: { 'application/json': { schema: { $ref: 'Errors#' } } } },
  403: { description: 'Not an operator.', content: { 'application/json': { schema: { $ref: 'Errors#' } } } },
  ...extra,
});

export const PROTOCOL_SCHEMA = {
  schema: {
    tags: ['operator'], operationId: 'getDkdProtocol', summary: 'The DKD protocol', description: 'Lookups, newest first, filtered; page on with `afterSeq`.',
    querystring: { type: 'object', properties: filters },
    response: { 200: jsonResponse('A page of the protocol.', protocolPage), ...opsErrors() },
  },
};

export const PROTOCOL_BSN_SCHEMA = {
  schema: {
    tags: ['operator'], operationId: 'searchDkdProtocolByBsn', summary: 'The DKD protocol for one person',
    description: 'Personal-data operators only; audited as `dkd.protocol.search`, a refusal as `dkd.protocol.search.denied`. POST, so the BSN never appears in a URL.',
    body: { type: 'object', required: ['burgerservicenummer'], properties: { burgerservicenummer: bsn, ...filters } },
    response: { 200: jsonResponse('The lookups on that person.', protocolPage), ...opsErrors() },
  },
};

export const OVERVIEW_SCHEMA = {
  schema: {
    tags: ['operator'], operationId: 'getDkdOverview', summary: 'DKD lookups over time', description: 'Lookups per dienst and outcome per bucket, and each service\'s endpoint and breaker state.',
    querystring: { type: 'object', properties: { hours: { type: 'integer', minimum: 1, maximum: 744, default: 24 } } },
    response: {
      200: jsonResponse('The overview.', closed({
        hours: { type: 'integer' }, bucketMs: { type: 'integer' },
        buckets: { type: 'array', items: open('One bucket: its start and the count per dienst and outcome.') },
        services: { type: 'object', additionalProperties: closed({ url: { type: 'string', nullable: true }, breaker: str }) },
      })),
      ...opsErrors(),
    },
  },
};
