import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { recordDisclosure, requirePersonalData } from '../access.ts';
import { OpsError } from '../errors.ts';
import { findSummary, messageDetail, parseMessageSearch, searchMessages } from '../messages.ts';
import { SUMMARY_COLUMNS, messageSummary } from '../views.ts';
import { MESSAGE_DETAIL, MESSAGE_PAYLOAD, MESSAGES_BY_BSN, MESSAGES_SEARCH } from './schemas.ts';

export async function messageRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  const { store, db, audit } = api;

  app.get('/v1/ops/messages', MESSAGES_SEARCH, async (req) => searchMessages(db, parseMessageSearch(req.query as Record<string, unknown>)));

  app.get<{ Params: { id: string } }>('/v1/ops/messages/:id', MESSAGE_DETAIL, async (req) => {
    const operator = req.partner!;
    return messageDetail(store, db, req.params.id, operator.permissions.has('personal-data'));
  });

  app.get<{ Params: { id: string } }>('/v1/ops/messages/:id/payload', MESSAGE_PAYLOAD, async (req, reply) => {
    const operator = req.partner!;
    const id = req.params.id;
    await requirePersonalData(audit, operator, { action: 'payload.view', subjectType: 'message', subject: id });
    const message = await findSummary(db, id);
    if (!message) throw new OpsError(404, 'message-not-found', `no message ${id}`);
    if (message.purged) throw new OpsError(410, 'payload-purged', `the payload of message ${id} was purged`);
    const payload = await store.readPayload(id);
    await recordDisclosure(audit, operator, { action: 'payload.view', subjectType: 'message', subject: id, detail: { family: message.family, type: message.type, size: payload.length } });
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      text = undefined;
    }
    void reply.header('cache-control', 'no-store');
    return {
      id, contentType: message.contentType, size: payload.length, sha256: message.sha256,
      encoding: text === undefined ? 'base64' : 'utf8', payload: text ?? payload.toString('base64'),
    };
  });

  // POST, so the BSN never appears in a URL (access logs, browser history).
  app.post<{ Body: { bsn: string; limit: number } }>('/v1/ops/messages/search-by-bsn', MESSAGES_BY_BSN, async (req, reply) => {
    const operator = req.partner!;
    const { bsn, limit } = req.body;
    const hash = store.bsnHash(bsn);
    await requirePersonalData(audit, operator, { action: 'bsn.search', subjectType: 'bsn-hash', subject: hash });
    const rows = await db.selectFrom('messages').select(SUMMARY_COLUMNS)
      .where('id', 'in', (eb) => eb.selectFrom('message_bsns').select('message_id').where('bsn_hash', '=', hash))
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    await recordDisclosure(audit, operator, { action: 'bsn.search', subjectType: 'bsn-hash', subject: hash, detail: { found: rows.length } });
    void reply.header('cache-control', 'no-store');
    return { items: rows.map(messageSummary) };
  });
}
