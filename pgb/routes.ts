// /v1/pgb on the mTLS server: for operators with the 'pgb' permission. BSNs only with 'personal-data'; every
// view is audited; every answer is Cache-Control: no-store; every error application/problem+json.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import type { Partner } from '../config/partners.ts';
import { toNumber, type DbInt, type Store } from '../store/index.ts';
import { bsnProblem } from '../subscriptions/bsn.ts';
import { isDiagnosis, REASON_CLASSES, type Diagnosis } from './diagnoses.ts';
import { PgbError, pgbProblemType, sendPgbProblem } from './errors.ts';
import { sendProblem, validationProblem } from '../gateway/api/problem.ts';
import { EXPORT_CONTENT_TYPES, summaryExport, worklistExport, type ExportFormat } from './export.ts';
import { importUitvallijst, type ImportDeps, type ImportSummary } from './import.ts';
import { CHART_SCHEMA, IMPORT_EXPORT_SCHEMA, IMPORT_ONE_SCHEMA, IMPORT_SCHEMA, IMPORTS_SCHEMA, ITEM_SCHEMA, LAYOUTS_SCHEMA, STATUS_SCHEMA, WORKLIST_BSN_SCHEMA, WORKLIST_EXPORT_SCHEMA, WORKLIST_SCHEMA } from './route-schemas.ts';
import { ITEM_STATUSES, type ItemStatus } from './tables.ts';
import { XLSX_TYPE } from './uitvallijst/read.ts';
import type { Layout } from './uitvallijst/layout.ts';
import type { Worklist, WorklistFilter } from './worklist.ts';

export interface PgbApi {
  store: Store;
  worklist: Worklist;
  audit: AuditLog;
  importDeps: ImportDeps;
  layouts: ReadonlyMap<string, Layout>;
  maxListBytes: number;
}

const ID = /^[0-9a-f-]{36}$/;
const LIST_TYPES = ['text/csv', 'text/plain', 'application/csv', XLSX_TYPE];

function operatorOf(req: FastifyRequest): Partner {
  const p = req.partner;
  if (!p) throw new PgbError(403, 'unknown-partner', 'the client certificate names no configured partner');
  if (p.role !== 'operator') throw new PgbError(403, 'operator-required', `partner ${p.name} is not an operator`);
  if (!p.permissions.has('pgb')) throw new PgbError(403, 'pgb-permission-required', `operator ${p.name} does not have the pgb permission`);
  return p;
}

const actor = (p: Partner) => ({ actor: p.name, actorOin: p.oin });

function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== '');
}

export function filterOf(q: Record<string, unknown>): WorklistFilter {
  const status = list(q.status);
  const bad = status.find((s) => !(ITEM_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) throw new PgbError(400, 'bad-parameter', `status must be one of ${ITEM_STATUSES.join(', ')}`, { parameter: 'status' });
  const diagnosis = list(q.diagnosis);
  if (diagnosis.some((d) => !isDiagnosis(d))) throw new PgbError(400, 'bad-parameter', 'diagnosis names an unknown diagnosis', { parameter: 'diagnosis' });
  const klasse = typeof q.klasse === 'string' && q.klasse !== '' ? q.klasse : undefined;
  if (klasse !== undefined && !(REASON_CLASSES as readonly string[]).includes(klasse)) throw new PgbError(400, 'bad-parameter', `klasse must be one of ${REASON_CLASSES.join(', ')}`, { parameter: 'klasse' });
  const limit = q.limit === undefined ? undefined : Number(q.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100_000)) throw new PgbError(400, 'bad-parameter', 'limit must be a whole number from 1', { parameter: 'limit' });
  const str = (k: string, re: RegExp) => {
    const v = q[k];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || !re.test(v)) throw new PgbError(400, 'bad-parameter', `${k} is malformed`, { parameter: k });
    return v;
  };
  const weak = q.weak === undefined || q.weak === '' ? undefined : q.weak === 'true' ? true : q.weak === 'false' ? false : (() => { throw new PgbError(400, 'bad-parameter', 'weak must be true or false', { parameter: 'weak' }); })();
  return {
    ...(status.length ? { status: status as ItemStatus[] } : {}), ...(diagnosis.length ? { diagnosis: diagnosis as Diagnosis[] } : {}),
    ...(klasse ? { klasse } : {}), ...(limit !== undefined ? { limit } : {}), ...(weak !== undefined ? { weak } : {}),
    ...(str('source', /^(uitvallijst|brp|termijn)$/) ? { source: q.source as string } : {}),
    ...(str('import', ID) ? { importId: q.import as string } : {}),
    ...(str('budget', /^.{1,36}$/) ? { budgetId: q.budget as string } : {}),
    ...(str('before', ID) ? { before: q.before as string } : {}),
  };
}

function importView(r: { id: string; at: DbInt; actor: string; filename: string | null; content_type: string; layout: string; layout_version: string; sha256: string; rows: number; valid_rows: number; matched: number; weak: number; unmatched: number; closed: number; summary: string; rejected: string }, withRejected: boolean) {
  return {
    id: r.id, at: new Date(toNumber(r.at)).toISOString(), actor: r.actor, filename: r.filename, contentType: r.content_type,
    layout: { name: r.layout, version: r.layout_version }, sha256: r.sha256, summary: JSON.parse(r.summary) as ImportSummary,
    ...(withRejected ? { rejected: JSON.parse(r.rejected) as unknown[] } : {}),
  };
}

export function pgbRoutes(api: PgbApi) {
  const { worklist, audit } = api;
  return async function plugin(app: FastifyInstance): Promise<void> {
    for (const type of LIST_TYPES) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: api.maxListBytes }, (_req, body, done) => done(null, body));
    }
    app.addHook('onRequest', async (req) => {
      if (req.url.startsWith('/v1/pgb')) operatorOf(req);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      if (req.url.startsWith('/v1/pgb')) void reply.header('cache-control', 'no-store');
      return payload;
    });
    app.setErrorHandler((err: FastifyError | PgbError, req, reply) => {
      if (err instanceof PgbError) return sendPgbProblem(reply, err);
      const invalid = validationProblem(err, pgbProblemType);
      if (invalid) return sendProblem(reply.header('cache-control', 'no-store'), invalid);
      if (err.statusCode !== undefined && err.statusCode < 500) {
        const code = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported-content-type' : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'list-too-large' : 'bad-request';
        return sendPgbProblem(reply, new PgbError(err.statusCode, code, err.message));
      }
      req.log.error({ err }, 'pgb API internal error');
      return sendPgbProblem(reply, new PgbError(500, 'internal', 'internal error'));
    });

    app.get('/v1/pgb/layouts', LAYOUTS_SCHEMA, async (req) => {
      operatorOf(req);
      return {
        default: api.importDeps.defaultLayout,
        layouts: [...api.layouts.values()].map((l) => ({
          name: l.name, version: l.version, delimiter: l.delimiter, dateFormats: l.dateFormats, amountFormat: l.amountFormat, required: l.required,
          columns: Object.fromEntries([...l.aliases].reduce((m, [alias, field]) => m.set(field, [...(m.get(field) ?? []), alias]), new Map<string, string[]>())),
          ignore: [...l.ignore],
        })),
      };
    });

    app.post<{ Querystring: { layout?: string; filename?: string } }>('/v1/pgb/uitvallijsten', { bodyLimit: api.maxListBytes, ...IMPORT_SCHEMA }, async (req, reply) => {
      const op = operatorOf(req);
      if (!Buffer.isBuffer(req.body)) throw new PgbError(415, 'unsupported-content-type', 'send the list as text/csv or XLSX');
      const layout = typeof req.query.layout === 'string' && req.query.layout !== '' ? req.query.layout : undefined;
      const filename = typeof req.query.filename === 'string' ? req.query.filename : undefined;
      const result = await importUitvallijst(api.importDeps, {
        file: req.body, contentType: req.headers['content-type'], actor: { name: op.name, oin: op.oin },
        ...(layout ? { layout } : {}), ...(filename ? { filename } : {}),
      });
      await audit.record({ ...actor(op), action: 'pgb.import', subjectType: 'pgb-import', subject: result.id, personalData: false, detail: { rows: result.summary.rows, rejected: result.summary.rejectedRows, closed: result.summary.closed, layout: result.layout.name } });
      return reply.code(201).send({ id: result.id, at: result.at.toISOString(), layout: result.layout, summary: result.summary, rejected: result.rejected });
    });

    app.get('/v1/pgb/uitvallijsten', IMPORTS_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const rows = await worklist.db.selectFrom('pgb_imports').select(['id', 'at', 'actor', 'filename', 'content_type', 'layout', 'layout_version', 'sha256', 'rows', 'valid_rows', 'matched', 'weak', 'unmatched', 'closed', 'summary', 'rejected'])
        .orderBy('at', 'desc').limit(100).execute();
      await audit.record({ ...actor(op), action: 'pgb.imports.view', subjectType: 'pgb-import', subject: '*', personalData: false, detail: { found: rows.length } });
      return { items: rows.map((r) => importView(r, false)) };
    });

    const findImport = async (id: string) => {
      if (!ID.test(id)) throw new PgbError(400, 'bad-parameter', 'id is malformed', { parameter: 'id' });
      const r = await worklist.db.selectFrom('pgb_imports').select(['id', 'at', 'actor', 'filename', 'content_type', 'layout', 'layout_version', 'sha256', 'rows', 'valid_rows', 'matched', 'weak', 'unmatched', 'closed', 'summary', 'rejected'])
        .where('id', '=', id).executeTakeFirst();
      if (!r) throw new PgbError(404, 'import-not-found', `no uitvallijst import ${id}`);
      return r;
    };

    app.get<{ Params: { id: string } }>('/v1/pgb/uitvallijsten/:id', IMPORT_ONE_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const r = await findImport(req.params.id);
      await audit.record({ ...actor(op), action: 'pgb.import.view', subjectType: 'pgb-import', subject: r.id, personalData: false });
      return importView(r, true);
    });

    app.get<{ Params: { id: string; format: string } }>('/v1/pgb/uitvallijsten/:id/samenvatting.:format', IMPORT_EXPORT_SCHEMA, async (req, reply) => {
      const op = operatorOf(req);
      const format = formatOf(req.params.format);
      const r = await findImport(req.params.id);
      await audit.record({ ...actor(op), action: 'pgb.import.export', subjectType: 'pgb-import', subject: r.id, personalData: false, detail: { format } });
      const v = importView(r, false);
      const body = await summaryExport({ id: v.id, at: v.at, layout: `${v.layout.name} ${v.layout.version}`, summary: v.summary }, format);
      return sendFile(reply, body, format, `samenvatting-${r.id}`);
    });

    app.get('/v1/pgb/worklist', WORKLIST_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const q = req.query as Record<string, unknown>;
      const filter = filterOf(q);
      const withBsn = q.bsn === 'true';
      if (withBsn) await requirePersonalData(op, 'pgb.worklist.view');
      const page = await worklist.list(filter);
      const items = [];
      for (const r of page.items) items.push(worklist.view(r, withBsn ? await worklist.bsnOf(r.bsn_hash) : undefined));
      await audit.record({ ...actor(op), action: 'pgb.worklist.view', subjectType: 'filter', subject: JSON.stringify(filter).slice(0, 500), personalData: withBsn, detail: { found: items.length } });
      return { items, next: page.next };
    });

    // POST, so the BSN never appears in a URL.
    app.post('/v1/pgb/worklist/search-by-bsn', WORKLIST_BSN_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const body = (req.body ?? {}) as { bsn?: unknown };
      const bsn = typeof body.bsn === 'string' ? body.bsn.trim() : '';
      if (bsnProblem(bsn) !== undefined) throw new PgbError(400, 'bad-bsn', 'body.bsn must be a BSN (9 digits, 11-proef)', { parameter: 'bsn' });
      const hash = api.store.bsnHash(bsn);
      await requirePersonalData(op, 'pgb.bsn.search', hash);
      const page = await worklist.list({ bsnHash: hash, limit: 500 });
      await audit.record({ ...actor(op), action: 'pgb.bsn.search', subjectType: 'bsn-hash', subject: hash, personalData: true, detail: { found: page.items.length } });
      return { items: page.items.map((r) => worklist.view(r, bsn)) };
    });

    app.get<{ Params: { id: string } }>('/v1/pgb/worklist/:id', ITEM_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const id = req.params.id;
      if (!ID.test(id)) throw new PgbError(400, 'bad-parameter', 'id is malformed', { parameter: 'id' });
      const r = await worklist.get(id);
      if (!r) throw new PgbError(404, 'item-not-found', `no worklist item ${id}`);
      const pd = op.permissions.has('personal-data');
      const history = r.budget_id !== null && r.afzender !== null ? await worklist.history(r.afzender, r.budget_id, r.bsn_hash) : undefined;
      const others = (await worklist.list({ bsnHash: r.bsn_hash, limit: 50 })).items.filter((o) => o.id !== r.id).map((o) => worklist.view(o));
      await audit.record({ ...actor(op), action: 'pgb.item.view', subjectType: 'pgb-item', subject: id, personalData: pd });
      return { item: worklist.view(r, pd ? await worklist.bsnOf(r.bsn_hash) : undefined), budget: history ?? null, otherItems: others };
    });

    app.post<{ Params: { id: string } }>('/v1/pgb/worklist/:id/status', STATUS_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const id = req.params.id;
      if (!ID.test(id)) throw new PgbError(400, 'bad-parameter', 'id is malformed', { parameter: 'id' });
      const body = (req.body ?? {}) as { status?: unknown; note?: unknown };
      if (typeof body.status !== 'string') throw new PgbError(400, 'bad-status', `body.status must be one of ${ITEM_STATUSES.join(', ')}`, { parameter: 'status' });
      if (body.note !== undefined && typeof body.note !== 'string') throw new PgbError(400, 'bad-note', 'body.note must be text', { parameter: 'note' });
      const { before, after } = await worklist.setStatus(id, body.status, op.name, body.note as string | undefined);
      await audit.record({ ...actor(op), action: 'pgb.item.status', subjectType: 'pgb-item', subject: id, personalData: false, detail: { from: before.status, to: after.status } });
      return { item: worklist.view(after) };
    });

    app.get<{ Params: { format: string } }>('/v1/pgb/worklist.:format', WORKLIST_EXPORT_SCHEMA, async (req, reply) => {
      const op = operatorOf(req);
      const format = formatOf(req.params.format);
      const q = req.query as Record<string, unknown>;
      const filter = { ...filterOf(q), limit: Math.min(Number(q.limit ?? 100_000), 100_000) };
      const withBsn = q.bsn === 'true';
      if (withBsn) await requirePersonalData(op, 'pgb.worklist.export');
      const page = await worklist.list(filter);
      const items = [];
      for (const r of page.items) items.push(worklist.view(r, withBsn ? await worklist.bsnOf(r.bsn_hash) : undefined));
      await audit.record({ ...actor(op), action: 'pgb.worklist.export', subjectType: 'filter', subject: JSON.stringify(filter).slice(0, 500), personalData: withBsn, detail: { format, rows: items.length } });
      return sendFile(reply, await worklistExport(items, format, withBsn), format, 'werklijst');
    });

    app.get('/v1/pgb/chart', CHART_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const days = Number((req.query as { days?: string }).days ?? 30);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new PgbError(400, 'bad-parameter', 'days must be 1 to 366', { parameter: 'days' });
      await audit.record({ ...actor(op), action: 'pgb.chart.view', subjectType: 'pgb-worklist', subject: '*', personalData: false });
      return worklist.openOverTime(days);
    });

    async function requirePersonalData(op: Partner, action: string, subject = '*'): Promise<void> {
      if (op.permissions.has('personal-data')) return;
      await audit.record({ ...actor(op), action: `${action}.denied`, subjectType: subject === '*' ? 'filter' : 'bsn-hash', subject, personalData: false });
      throw new PgbError(403, 'personal-data-required', `operator ${op.name} does not have the personal-data permission`);
    }
  };
}

function formatOf(f: string): ExportFormat {
  if (f === 'csv' || f === 'xlsx') return f;
  throw new PgbError(404, 'unknown-format', 'export as .csv or .xlsx');
}

function sendFile(reply: FastifyReply, body: Buffer, format: ExportFormat, name: string): FastifyReply {
  return reply.header('content-disposition', `attachment; filename="${name}.${format}"`).type(EXPORT_CONTENT_TYPES[format]).send(body);
}
