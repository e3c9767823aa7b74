// Route schemas of the operator API (/v1/ops): the OpenAPI contract, the check of every request (fastify's ajv;
// a fault is answered in the {errors} body the cockpit and the CLI read, `bad-query` or `bad-body` with `path`:
// cockpit/errors.ts opsValidationAnswer) and the serialiser of the answers. Shapes as docs/cockpit-api.md has
// them. What a schema cannot express stays in the handlers (cockpit/params.ts): a time as ISO 8601 or epoch
// milliseconds, a cursor this list gave out, exactly one of `ids` or `filter`.
import { bool, errorsResponse, int, jsonResponse, open, str } from '../../gateway/api/schemas.ts';

const TAGS = ['operator'];
const time = { type: 'string', description: 'ISO 8601, UTC.' };
const nstr = { type: 'string', nullable: true };
const nint = { type: 'integer', nullable: true };
const nullableTime = { ...time, nullable: true };
const party = { type: 'object', properties: { partner: str, oin: str }, additionalProperties: false };

const messageSummary = open('MessageSummary (docs/cockpit-api.md).', {
  id: str, receivedAt: time, sender: party, family: str, type: str,
  status: { type: 'string', enum: ['received', 'published', 'routed', 'delivered', 'dead'] },
  correlationId: nstr, size: int, contentType: str, sha256: str, destinations: { type: 'array', items: str },
  parentId: nstr, relation: nstr, reason: nstr, publishedAt: nullableTime, deliveredAt: nullableTime, requestId: nstr, purged: bool,
});
const delivery = open('Delivery: one destination of a message.', {
  destination: str, status: str, attempts: int, lastHttpStatus: nint, lastError: nstr, reason: nstr, updatedAt: time, held: bool,
});
const messageEvent = open('MessageEvent: never a BSN, a name or a payload.', { seq: int, at: time, type: str, detail: { type: 'object', additionalProperties: true, nullable: true } });
const deadLetter = open('DeadLetter (docs/cockpit-api.md).', {
  key: str, messageId: str, kind: { type: 'string', enum: ['delivery', 'refused'] }, destination: nstr, sender: party, family: str, type: str,
  correlationId: nstr, reason: str, attempts: int, lastHttpStatus: nint, lastError: nstr, receivedAt: time, deadAt: time, held: bool, heldBy: nstr, purged: bool,
});
const replayJob = open('ReplayJob (docs/cockpit-api.md).', {
  id: str, state: { type: 'string', enum: ['running', 'done', 'failed', 'cancelled', 'interrupted'] }, createdAt: time, finishedAt: nullableTime,
  by: party, selection: open('{ids} or {filter}.'), ratePerSecond: { type: 'number' }, total: int, processed: int, replayed: int, skipped: int, failed: int,
  etaSeconds: { type: 'number', nullable: true }, errors: { type: 'array', items: open('An item that failed: key, code, message.') },
});
const page = (items: Record<string, unknown>) => ({ type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items }, nextCursor: nstr }, additionalProperties: false });
const items = (of: Record<string, unknown>) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: of } }, additionalProperties: false });

const deadFilter = {
  kind: { type: 'string', enum: ['delivery', 'refused'] }, partner: str, sender: str, destination: str, family: str, type: str, reason: str,
  from: { type: 'string', description: 'ISO 8601 or epoch milliseconds, on deadAt.' }, to: { type: 'string', description: 'ISO 8601 or epoch milliseconds (exclusive).' },
  held: { type: 'boolean' },
};
const selection = {
  ids: { type: 'array', minItems: 1, maxItems: 10_000, items: str, description: 'Dead-letter keys, or message ids (all their dead letters).' },
  filter: { type: 'object', properties: deadFilter, additionalProperties: false, description: '`{}` is every dead letter.' },
};

const errors = {
  400: errorsResponse('A malformed parameter: `bad-query` or `bad-body`, one entry per finding, with `path` naming it (`query.limit`, `body.ids.3`).'),
  403: errorsResponse('`unknown-partner`, `not-authorised` (not an operator), `personal-data-required` (audited as `….denied`).'),
  500: errorsResponse('Internal error (logged; no detail).'),
};
const idParams = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } } });

const op = (operationId: string, summary: string, description: string, rest: Record<string, unknown>) => ({
  schema: { tags: TAGS, operationId, summary, description, ...rest },
});

export const MESSAGES_SEARCH = op('searchMessages', 'Search messages', 'Newest first; page on with `cursor` = `nextCursor`.', {
  querystring: {
    type: 'object',
    properties: {
      id: str, partner: str, sender: str, destination: str, family: str, type: str, status: { type: 'string', description: 'Comma list.' }, correlationId: str,
      from: { type: 'string', description: 'ISO 8601 or epoch milliseconds, on receivedAt.' }, to: str, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, cursor: str,
    },
  },
  response: { 200: jsonResponse('A page of messages.', page(messageSummary)), ...errors },
});

export const MESSAGE_DETAIL = op('getMessage', 'One message', 'With its deliveries, event history, parent, children and dead letters.', {
  params: idParams('id'),
  response: {
    200: jsonResponse('The message.', {
      type: 'object', required: ['message', 'deliveries', 'events', 'parent', 'children', 'deadLetters', 'payloadViewable'], additionalProperties: false,
      properties: {
        message: messageSummary, deliveries: { type: 'array', items: delivery }, events: { type: 'array', items: messageEvent },
        parent: { ...messageSummary, nullable: true }, children: { type: 'array', items: messageSummary }, deadLetters: { type: 'array', items: deadLetter },
        payloadViewable: { type: 'boolean', description: 'This operator has personal-data and the payload is not purged.' },
      },
    }),
    ...errors,
    404: errorsResponse('`message-not-found`.'),
  },
});

export const MESSAGE_PAYLOAD = op('getMessagePayload', 'A message\'s payload', 'Personal-data only; audited as `payload.view`; Cache-Control: no-store.', {
  params: idParams('id'),
  response: {
    200: jsonResponse('The payload: utf8 when the bytes are valid UTF-8, else base64.', {
      type: 'object', required: ['id', 'contentType', 'size', 'sha256', 'encoding', 'payload'], additionalProperties: false,
      properties: { id: str, contentType: str, size: int, sha256: str, encoding: { type: 'string', enum: ['utf8', 'base64'] }, payload: str },
    }),
    ...errors,
    404: errorsResponse('`message-not-found`.'),
    410: errorsResponse('`payload-purged`.'),
  },
});

export const MESSAGES_BY_BSN = op('searchMessagesByBsn', 'Messages about one person', 'Personal-data only; audited as `bsn.search` (the keyed hash, never the number). POST, so the BSN never appears in a URL.', {
  body: { type: 'object', required: ['bsn'], properties: { bsn: { type: 'string', pattern: '^[0-9]{9}$', description: 'Nine digits (a fault is `bad-bsn`; the value is never echoed).' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
  response: { 200: jsonResponse('The messages, newest first.', items(messageSummary)), ...errors },
});

export const DEAD_SUMMARY = op('getDeadSummary', 'Dead letters by reason', 'Groups sorted by count, descending.', {
  querystring: { type: 'object', properties: deadFilter },
  response: {
    200: jsonResponse('The summary.', {
      type: 'object', required: ['total', 'held', 'groups'], additionalProperties: false,
      properties: { total: int, held: int, groups: { type: 'array', items: open('kind, reason, count, held, oldest, newest, partners [{name, count}].') } },
    }),
    ...errors,
  },
});

export const DEAD_LIST = op('listDeadLetters', 'Dead letters', 'Newest dead first; page on with `cursor`.', {
  querystring: { type: 'object', properties: { ...deadFilter, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, cursor: str } },
  response: { 200: jsonResponse('A page of dead letters.', page(deadLetter)), ...errors },
});

export const DEAD_DETAIL = op('getDeadLetter', 'One message\'s dead letters', 'With the attempt history and, for a refusal, its errors.', {
  params: idParams('messageId'),
  response: {
    200: jsonResponse('The dead letters.', {
      type: 'object', required: ['message', 'deadLetters', 'attempts', 'refusal', 'events'], additionalProperties: false,
      properties: {
        message: messageSummary, deadLetters: { type: 'array', items: deadLetter },
        attempts: { type: 'array', items: open('destination, attempt, at, outcome, httpStatus, error, reason, durationMs.') },
        refusal: { ...open('reason and errors [{code, message, path?, line?}].'), nullable: true },
        events: { type: 'array', items: messageEvent },
      },
    }),
    ...errors,
    404: errorsResponse('`dead-letter-not-found`.'),
  },
});

export const DEAD_REPLAY = op('replayDeadLetters', 'Replay a selection or a filter', 'Exactly one of `ids` or `filter`. A dry run changes nothing; otherwise a job starts (header Location) at `ratePerSecond`. Audited as `dead.replay`.', {
  body: { type: 'object', properties: { ...selection, dryRun: { type: 'boolean' }, ratePerSecond: { type: 'number', minimum: 1 } }, additionalProperties: false },
  response: {
    200: jsonResponse('The dry run: what would be replayed.', open('dryRun, matched, replayable, skipped {held}, byReason [{kind, reason, count}].')),
    202: {
      description: 'The job started.', headers: { Location: { type: 'string', description: '/v1/ops/replays/{id}' } },
      content: { 'application/json': { schema: { type: 'object', required: ['job'], properties: { job: replayJob }, additionalProperties: false } } },
    },
    ...errors,
    503: errorsResponse('`stopping`: the gateway is shutting down.'),
  },
});

export const DEAD_REPLAY_ONE = op('replayDeadLetter', 'Replay one message\'s dead letters now', 'Without a job. Audited as `dead.replay`.', {
  params: idParams('messageId'),
  body: { type: 'object', nullable: true, description: 'May be left out: every destination.', properties: { destination: str }, additionalProperties: false },
  response: {
    200: jsonResponse('What happened to each.', { type: 'object', required: ['replayed'], properties: { replayed: { type: 'array', items: open('key, kind, outcome, newMessageId?, reason?.') } }, additionalProperties: false }),
    ...errors,
    404: errorsResponse('`dead-letter-not-found`.'),
    409: errorsResponse('`dead-letter-held`, `payload-purged`.'),
    503: errorsResponse('`broker-unavailable`: nothing was changed.'),
  },
});

export const DEAD_EDIT = op('editDeadLetter', 'Edit and replay', 'Personal-data only. The edited bytes go through ingest as the original sender; both are kept. Audited as `message.edit`.', {
  params: idParams('messageId'),
  body: {
    type: 'object', required: ['payload'], additionalProperties: false,
    properties: { payload: str, encoding: { type: 'string', enum: ['utf8', 'base64'], default: 'utf8' }, contentType: str },
  },
  response: {
    202: jsonResponse('Accepted as a new message.', { type: 'object', required: ['original', 'message'], properties: { original: str, message: messageSummary }, additionalProperties: false }),
    ...errors,
    404: errorsResponse('`message-not-found`.'),
    409: errorsResponse('`not-dead`, `payload-purged`, `edit-unchanged`, `sender-unknown`.'),
    422: errorsResponse('`edit-refused`: `refusal` lists ingest\'s errors, `refusedId` the kept copy.'),
  },
});

const keys = (name: string, description: string) => jsonResponse(description, { type: 'object', required: [name], properties: { [name]: { type: 'array', items: str } }, additionalProperties: false });

export const DEAD_HOLD = op('holdDeadLetter', 'Hold', 'All of a message\'s dead letters, or one destination\'s. Audited as `dead.hold`.', {
  params: idParams('messageId'),
  body: { type: 'object', nullable: true, description: 'May be left out: every destination, no note.', properties: { destination: str, note: { type: 'string', maxLength: 500 } }, additionalProperties: false },
  response: { 200: keys('held', 'The keys held.'), ...errors, 404: errorsResponse('`dead-letter-not-found`.') },
});

export const DEAD_RELEASE = op('releaseDeadLetter', 'Release', 'Audited as `dead.release`.', {
  params: idParams('messageId'),
  querystring: { type: 'object', properties: { destination: str } },
  response: { 200: keys('released', 'The keys released.'), ...errors, 404: errorsResponse('`dead-letter-not-found`.') },
});

export const DEAD_PURGE = op('purgeDeadLetters', 'Erase payloads', 'Erases the payload and the BSN index; metadata, events and the dedup key stay. Counts are messages. Audited as `dead.purge`.', {
  body: { type: 'object', properties: { ...selection, dryRun: { type: 'boolean' } }, additionalProperties: false },
  response: {
    200: jsonResponse('What was (or would be) purged.', {
      type: 'object', required: ['dryRun', 'matched', 'purged', 'skipped'], additionalProperties: false,
      properties: { dryRun: bool, matched: int, purged: int, skipped: { type: 'object', properties: { held: int, deliveriesPending: int }, additionalProperties: false } },
    }),
    ...errors,
    404: errorsResponse('`dead-letter-not-found` (a single id that is not a dead letter).'),
  },
});

export const REPLAYS = op('listReplayJobs', 'Replay jobs', 'Newest first.', {
  querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } } },
  response: { 200: jsonResponse('The jobs.', items(replayJob)), ...errors },
});

const jobAnswer = (description: string) => jsonResponse(description, { type: 'object', required: ['job'], properties: { job: replayJob }, additionalProperties: false });

export const REPLAY = op('getReplayJob', 'One replay job', 'Poll it for progress.', {
  params: idParams('id'),
  response: { 200: jobAnswer('The job.'), ...errors, 404: errorsResponse('`job-not-found`.') },
});

export const REPLAY_CANCEL = op('cancelReplayJob', 'Cancel a replay job', 'What was replayed stays replayed. Audited as `dead.replay.cancel`.', {
  params: idParams('id'),
  response: { 200: jobAnswer('The job (state `cancelled` once it stops).'), ...errors, 404: errorsResponse('`job-not-found`.') },
});

export const DASHBOARD = op('getDashboard', 'The dashboard', 'Flow per family and sender over the last hour and day, statuses, queue depths (retry queues included), dead letters by reason, partner health.', {
  response: {
    200: jsonResponse('The dashboard.', {
      type: 'object', required: ['at', 'flow', 'statuses', 'queues', 'dead', 'partners'], additionalProperties: true,
      description: 'Open: the dashboard gathers members from several modules (cockpit/dashboard.ts); the serializer keeps them whole.',
      properties: {
        at: time, flow: { type: 'array', items: open('window, family, partner, received, delivered, dead.') },
        statuses: { type: 'object', additionalProperties: { type: 'integer' } },
        queues: { type: 'array', items: open('name, destination, depth (null: broker down or no queue).') },
        dead: open('total and groups [{kind, reason, count, oldest, newest}].'),
        partners: { type: 'array', items: open('PartnerHealth, as GET /v1/ops/partners.') },
      },
    }),
    ...errors,
  },
});

export const PARTNERS = op('getPartnerHealth', 'Partner health', 'Deliveries and certificates per partner; the list ends with the gateway\'s own certificates.', {
  response: { 200: jsonResponse('The partners.', items(open('PartnerHealth (docs/cockpit-api.md).', { name: str, oin: str, role: str, endpoint: nstr, failing: bool }))), ...errors },
});

export const SERIES_RESPONSE = {
  200: jsonResponse('The dashboard\'s charts, counted from the store.', {
    type: 'object', required: ['window', 'bucketSeconds', 'buckets', 'flow', 'failedAttempts', 'dead'], additionalProperties: false,
    properties: {
      window: { type: 'string', enum: ['1h', '24h'] }, bucketSeconds: int,
      buckets: { type: 'array', items: int, description: 'Start of each bucket, epoch seconds, oldest first.' },
      flow: { type: 'object', additionalProperties: { type: 'array', items: int }, description: 'Messages received per family.' },
      failedAttempts: { type: 'array', items: int },
      dead: { type: 'object', required: ['deliveries', 'refused'], properties: { deliveries: { type: 'array', items: int }, refused: { type: 'array', items: int } }, additionalProperties: false },
    },
  }),
  400: errorsResponse('An unknown window or parameter.'),
  403: errors[403],
  500: errors[500],
};
