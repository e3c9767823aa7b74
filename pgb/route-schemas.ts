// Route schemas of the PGB API: the OpenAPI contract, the check of every request (fastify's ajv; a fault is a
// `bad-parameter` problem naming the parameter, pgb/routes.ts) and the serialiser of the answers. What a schema
// cannot express stays in the handlers: the comma lists of statuses and diagnoses, a BSN's 11-proef, an export
// format that does not exist (404, as a file that is not there), the uitvallijst itself (its reader).
import { BODY_JUDGED_BY_ITS_READER, jsonResponse, open, problemResponse, str } from '../gateway/api/schemas.ts';
import { REASON_CLASSES } from './diagnoses.ts';
import { ITEM_STATUSES } from './tables.ts';

const TAGS = ['pgb'];
const uuid = { type: 'string', pattern: '^[0-9a-f-]{36}$' };
const idParams = { type: 'object', required: ['id'], properties: { id: uuid } };
const formatParams = (extra: Record<string, unknown> = {}) => ({ type: 'object', required: ['format', ...Object.keys(extra)], properties: { ...extra, format: { type: 'string', enum: ['csv', 'xlsx'] } } });

const errors = {
  400: problemResponse('A malformed parameter: `bad-parameter` with `parameter` (the first) and `invalidParams` (each, from the schema); `bad-bsn` (the 11-proef).'),
  403: problemResponse('`unknown-partner`, `operator-required`, `pgb-permission-required`, `personal-data-required` (audited as `….denied`).'),
  500: problemResponse('Internal error (logged).'),
};

const item = open('A worklist item: its budget, diagnosis, suggested action, status and, with personal-data and bsn=true, the BSN.');
const importView = open('An uitvallijst import and its summary.', {
  id: str, at: { type: 'string' }, actor: str, filename: { type: 'string', nullable: true }, contentType: str,
  layout: { type: 'object', properties: { name: str, version: str }, additionalProperties: false },
  sha256: str, summary: open('Rows, matched, weak, not found, refused rows, per diagnosis and reason class with amounts, items closed.'),
  rejected: { type: 'array', items: open('A refused row: its number, column and reason.') },
});
const worklistQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', description: `Comma list of ${ITEM_STATUSES.join(', ')}.` },
    diagnosis: { type: 'string', description: 'Comma list of diagnoses.' },
    klasse: { type: 'string', enum: [...REASON_CLASSES] }, source: { type: 'string', enum: ['uitvallijst', 'brp', 'termijn'] }, import: uuid, budget: { type: 'string', maxLength: 36 },
    weak: { type: 'string', enum: ['true', 'false'] }, limit: { type: 'integer', minimum: 1, maximum: 100_000 }, before: uuid,
    bsn: { type: 'string', enum: ['true', 'false'], description: 'true: with BSNs (personal-data only, audited).' },
  },
};
const file = (description: string) => ({
  description,
  content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
});

export const LAYOUTS_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'getPgbLayouts', summary: 'Uitvallijst layouts', description: 'The layouts (KP_PGB_LAYOUTS_DIR) and the default.',
    response: {
      200: jsonResponse('The layouts.', {
        type: 'object', required: ['default', 'layouts'], additionalProperties: false,
        properties: { default: str, layouts: { type: 'array', items: open('A layout: name, version, delimiter, dateFormats, amountFormat, required, columns (aliases per field), ignore.') } },
      }),
      ...errors,
    },
  },
};

export const IMPORT_SCHEMA = {
  ...BODY_JUDGED_BY_ITS_READER,
  schema: {
    tags: TAGS, operationId: 'postUitvallijst', summary: 'Import an SVB uitvallijst',
    description: 'CSV or XLSX. A bad row is reported by row number and column, the rest imported; the file is kept encrypted. A newer list closes the open items whose rows are gone.',
    consumes: ['text/csv', 'text/plain', 'application/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    querystring: { type: 'object', properties: { layout: str, filename: str } },
    body: { type: 'string', format: 'binary' },
    response: {
      201: jsonResponse('Imported, with the summary.', open('The import.', {
        id: str, at: { type: 'string' }, layout: open('The layout used.'), summary: open('The summary.'), rejected: { type: 'array', items: open('A refused row.') },
      })),
      ...errors,
      413: problemResponse('The list is too large (`list-too-large`).'),
      415: problemResponse('Not CSV or XLSX (`unsupported-content-type`).'),
      422: problemResponse('An unknown or missing column (`column`), an unknown layout.'),
    },
  },
};

export const IMPORTS_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'listUitvallijsten', summary: 'Uitvallijst imports', description: 'The last 100 imports with their summaries (audited).',
    response: { 200: jsonResponse('The imports.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: importView } }, additionalProperties: false }), ...errors },
  },
};

export const IMPORT_ONE_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'getUitvallijst', summary: 'One import', description: 'With its refused rows (audited).',
    params: idParams,
    response: { 200: jsonResponse('The import.', importView), ...errors, 404: problemResponse('No such import.') },
  },
};

export const IMPORT_EXPORT_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'exportUitvallijstSamenvatting', summary: 'An import\'s summary as a file', description: 'samenvatting.csv or samenvatting.xlsx (audited).',
    params: formatParams({ id: uuid }),
    response: { 200: file('The summary.'), ...errors, 404: problemResponse('No such import, or another format than csv or xlsx.') },
  },
};

export const WORKLIST_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'getPgbWorklist', summary: 'The uitval worklist', description: 'Newest first; page on with `before` = `next`. Audited.',
    querystring: worklistQuery,
    response: { 200: jsonResponse('A page of items.', { type: 'object', required: ['items', 'next'], properties: { items: { type: 'array', items: item }, next: { type: 'string', nullable: true } }, additionalProperties: false }), ...errors },
  },
};

export const WORKLIST_BSN_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'searchPgbWorklistByBsn', summary: 'The worklist for one person', description: 'Personal-data only; POST, so the BSN never appears in a URL. Audited.',
    body: { type: 'object', required: ['bsn'], properties: { bsn: { type: 'string', pattern: '^[0-9]{9}$' } } },
    response: { 200: jsonResponse('Its items.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: item } }, additionalProperties: false }), ...errors },
  },
};

export const ITEM_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'getPgbWorklistItem', summary: 'One worklist item', description: 'With its budget\'s TKB versions, retours, BABs and deadlines, and the person\'s other items. Audited.',
    params: idParams,
    response: {
      200: jsonResponse('The item.', {
        type: 'object', required: ['item', 'budget', 'otherItems'], additionalProperties: false,
        properties: { item, budget: { ...open('The budget\'s history: TKB versions, retours, BABs, deadlines.'), nullable: true }, otherItems: { type: 'array', items: item } },
      }),
      ...errors,
      404: problemResponse('No such item.'),
    },
  },
};

export const STATUS_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'setPgbWorklistItemStatus', summary: 'Set an item\'s status', description: 'Who and when are kept; audited.',
    params: idParams,
    body: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: [...ITEM_STATUSES] }, note: str }, additionalProperties: false },
    response: {
      200: jsonResponse('The item.', { type: 'object', required: ['item'], properties: { item }, additionalProperties: false }),
      ...errors,
      404: problemResponse('No such item.'),
    },
  },
};

export const WORKLIST_EXPORT_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'exportPgbWorklist', summary: 'The worklist as a file', description: 'worklist.csv or worklist.xlsx, with the worklist\'s filters (at most 100,000 rows). Audited.',
    params: formatParams(),
    querystring: worklistQuery,
    response: { 200: file('The worklist.'), ...errors, 404: problemResponse('Another format than csv or xlsx.') },
  },
};

export const CHART_SCHEMA = {
  schema: {
    tags: TAGS, operationId: 'getPgbChart', summary: 'Open uitval per day', description: 'Open uitval per diagnosis per day.',
    querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } } },
    response: {
      200: jsonResponse('The series.', {
        type: 'object', required: ['days', 'series'], additionalProperties: false,
        properties: { days: { type: 'array', items: str }, series: { type: 'object', additionalProperties: { type: 'array', items: { type: 'number' } } } },
      }),
      ...errors,
    },
  },
};
