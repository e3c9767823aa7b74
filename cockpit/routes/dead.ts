import type { FastifyInstance } from 'fastify';
import type { CockpitApi } from '../api.ts';
import { actorOf, recordAct, requirePersonalData } from '../access.ts';
import { listDeadLetters, parseDeadFilter, parseKey, summarizeDeadLetters, type DeadFilter, type DeadRef } from '../dead-letters.ts';
import { editAndReplay, parseEdit } from '../edit.ts';
import { OpsError } from '../errors.ts';
import { deadLettersFor, hold, release } from '../marks.ts';
import { findSummary } from '../messages.ts';
import { asObject, decodeCursor, limitOf, optionalBool, optionalString } from '../params.ts';
import { purge } from '../purge.ts';
import { eventView } from '../views.ts';
import { DEAD_DETAIL, DEAD_EDIT, DEAD_HOLD, DEAD_LIST, DEAD_PURGE, DEAD_RELEASE, DEAD_REPLAY, DEAD_REPLAY_ONE, DEAD_SUMMARY } from './schemas.ts';

const MAX_IDS = 10_000;

/** `ids` or `filter`, exactly one. */
export function parseSelection(body: Record<string, unknown>): { ids: DeadRef[] } | { filter: DeadFilter } {
  const hasIds = body.ids !== undefined;
  const hasFilter = body.filter !== undefined;
  if (hasIds === hasFilter) throw new OpsError(400, 'bad-body', 'give exactly one of body.ids (dead-letter keys) or body.filter (filter: {} is every dead letter)', 'body');
  if (hasIds) {
    if (!Array.isArray(body.ids) || body.ids.length === 0 || body.ids.length > MAX_IDS) {
      throw new OpsError(400, 'bad-body', `body.ids must be a list of 1 to ${MAX_IDS} dead-letter keys`, 'body.ids');
    }
    return { ids: body.ids.map((k, i) => parseKey(k, `body.ids[${i}]`)) };
  }
  return { filter: parseDeadFilter(asObject(body.filter, 'body.filter'), 'body', 'body.filter') };
}

export async function deadRoutes(app: FastifyInstance, api: CockpitApi): Promise<void> {
  const { store, db, audit, jobs, replayer } = api;

  app.get('/v1/ops/dead/summary', DEAD_SUMMARY, async (req) => summarizeDeadLetters(db, parseDeadFilter(req.query as Record<string, unknown>, 'query')));

  app.get('/v1/ops/dead', DEAD_LIST, async (req) => {
    const q = req.query as Record<string, unknown>;
    const cursor = decodeCursor(q.cursor, 'query.cursor', ['number', 'string', 'string']);
    return listDeadLetters(db, parseDeadFilter(q, 'query'), limitOf(q.limit, 'query.limit', 50),
      cursor ? { deadAt: cursor[0] as number, messageId: cursor[1] as string, destination: cursor[2] as string } : undefined);
  });

  app.get<{ Params: { messageId: string } }>('/v1/ops/dead/:messageId', DEAD_DETAIL, async (req) => {
    const id = req.params.messageId;
    const message = await findSummary(db, id);
    if (!message) throw new OpsError(404, 'dead-letter-not-found', `no message ${id}`);
    const deadLetters = await deadLettersFor(db, id);
    const events = await store.events(id);
    const refused = events.find((e) => e.type === 'refused');
    return {
      message,
      deadLetters,
      attempts: events.filter((e) => e.type === 'delivery-attempt').map((e) => {
        const d = e.detail ?? {};
        return {
          destination: String(d.partner ?? ''), attempt: Number(d.attempt ?? 0), at: e.at.toISOString(), outcome: d.outcome ?? null,
          httpStatus: typeof d.httpStatus === 'number' ? d.httpStatus : null, error: typeof d.error === 'string' ? d.error : null,
          reason: typeof d.reason === 'string' ? d.reason : null, durationMs: typeof d.durationMs === 'number' ? d.durationMs : null,
        };
      }),
      refusal: refused ? { reason: String(refused.detail?.reason ?? message.reason ?? 'unknown'), errors: (refused.detail?.errors as unknown[]) ?? [] } : null,
      events: events.map(eventView),
    };
  });

  app.post('/v1/ops/dead/replay', DEAD_REPLAY, async (req, reply) => {
    const operator = req.partner!;
    const body = asObject(req.body, 'body');
    const selection = parseSelection(body);
    if (optionalBool(body.dryRun, 'body.dryRun', 'bad-body')) return jobs.dryRun(selection);
    const rate = jobs.rateOf(body.ratePerSecond as number | undefined);
    const job = await jobs.start(selection, rate, actorOf(operator));
    await recordAct(audit, operator, {
      action: 'dead.replay', subjectType: 'replay-job', subject: job.id,
      detail: { ...('filter' in selection ? { filter: selection.filter } : { ids: selection.ids.length }), ratePerSecond: rate, total: job.total },
    });
    return reply.code(202).header('location', `/v1/ops/replays/${job.id}`).send({ job });
  });

  app.post<{ Params: { messageId: string } }>('/v1/ops/dead/:messageId/replay', DEAD_REPLAY_ONE, async (req, reply) => {
    const operator = req.partner!;
    const id = req.params.messageId;
    const destination = optionalString(asObject(req.body, 'body').destination, 'body.destination', 'bad-body');
    const letters = await deadLettersFor(db, id, destination);
    const held = letters.find((d) => d.held);
    if (held) throw new OpsError(409, 'dead-letter-held', `dead letter ${held.key} is held by ${held.heldBy ?? 'an operator'}; release it first`);
    if (letters.some((d) => d.purged)) throw new OpsError(409, 'payload-purged', `the payload of message ${id} was purged`);
    if (letters.some((d) => d.kind === 'delivery') && !(await replayer.brokerReady(5_000))) {
      throw new OpsError(503, 'broker-unavailable', 'the broker is not connected; nothing was changed');
    }
    const outcomes = await replayer.replay(letters, actorOf(operator));
    await recordAct(audit, operator, { action: 'dead.replay', subjectType: 'message', subject: id, detail: { keys: letters.map((d) => d.key), outcomes: outcomes.map((o) => o.outcome) } });
    if (outcomes.length > 0 && outcomes.every((o) => o.outcome === 'failed' && o.reason === 'broker-unavailable')) {
      throw new OpsError(503, 'broker-unavailable', 'the broker did not confirm; nothing was changed');
    }
    return reply.code(200).send({ replayed: outcomes });
  });

  app.post<{ Params: { messageId: string } }>('/v1/ops/dead/:messageId/edit', DEAD_EDIT, async (req, reply) => {
    const operator = req.partner!;
    const id = req.params.messageId;
    await requirePersonalData(audit, operator, { action: 'message.edit', subjectType: 'message', subject: id });
    const edit = parseEdit(asObject(req.body, 'body'));
    const result = await editAndReplay(api, operator, id, edit);
    return reply.code(202).send(result);
  });

  app.post<{ Params: { messageId: string } }>('/v1/ops/dead/:messageId/hold', DEAD_HOLD, async (req) => {
    const operator = req.partner!;
    const id = req.params.messageId;
    const body = asObject(req.body, 'body');
    const destination = optionalString(body.destination, 'body.destination', 'bad-body');
    const letters = await deadLettersFor(db, id, destination);
    const held = await hold(db, letters, { ...actorOf(operator), ...(typeof body.note === 'string' ? { note: body.note } : {}) });
    await store.addEvent(id, 'held', { by: operator.name, byOin: operator.oin, keys: held });
    await recordAct(audit, operator, { action: 'dead.hold', subjectType: 'message', subject: id, detail: { keys: held } });
    return { held };
  });

  app.delete<{ Params: { messageId: string } }>('/v1/ops/dead/:messageId/hold', DEAD_RELEASE, async (req) => {
    const operator = req.partner!;
    const id = req.params.messageId;
    const destination = optionalString((req.query as Record<string, unknown>).destination, 'query.destination');
    const released = await release(db, await deadLettersFor(db, id, destination));
    if (released.length > 0) await store.addEvent(id, 'released', { by: operator.name, byOin: operator.oin, keys: released });
    await recordAct(audit, operator, { action: 'dead.release', subjectType: 'message', subject: id, detail: { keys: released } });
    return { released };
  });

  app.post('/v1/ops/dead/purge', DEAD_PURGE, async (req) => {
    const operator = req.partner!;
    const body = asObject(req.body, 'body');
    const selection = parseSelection(body);
    const dryRun = optionalBool(body.dryRun, 'body.dryRun', 'bad-body') ?? false;
    if ('ids' in selection && selection.ids.length === 1 && !dryRun) await deadLettersFor(db, selection.ids[0]!.messageId);
    const result = await purge(store, db, selection, dryRun, actorOf(operator));
    if (!dryRun) {
      await recordAct(audit, operator, {
        action: 'dead.purge', subjectType: 'filter' in selection ? 'filter' : 'selection',
        subject: 'filter' in selection ? JSON.stringify(selection.filter) : selection.ids.map((r) => r.messageId).slice(0, 20).join(','),
        detail: { matched: result.matched, purged: result.purged, ...('ids' in selection ? { ids: selection.ids.length } : {}) },
      });
    }
    return result;
  });
}
