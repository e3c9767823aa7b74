// /v1/pgb on the mTLS server: for operators with the 'pgb' permission. BSNs only with 'personal-data'; every
// view is audited; every answer is Cache-Control: no-store; every error application/problem+json.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import type { Partner } from '../config/partners.ts';
import { toNumber, type DbInt, type Store } from '../store/index.ts';
import { bsnProblem } from '../subscriptions/bsn.ts';
import { isDiagnosis, type Diagnosis } from './diagnoses.ts';
import { PgbError, sendPgbProblem } from './errors.ts';
import { fieldOf, invalidParamsOf } from '../gateway/api/problem.ts';
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

/** The worklist query as ajv left it (WORKLIST_SCHEMA judged each parameter); the comma lists are read here. */
export interface WorklistQuery {
  status?: string; diagnosis?: string; klasse?: string; source?: string; import?: string; budget?: string;
  weak?: 'true' | 'false'; limit?: number; before?: string; bsn?: 'true' | 'false';
}

export function filterOf(q: WorklistQuery): WorklistFilter {
  const status = list(q.status);
  const bad = status.find((s) => !(ITEM_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) throw new PgbError(400, 'bad-parameter', `status must be one of ${ITEM_STATUSES.join(', ')}`, { parameter: 'status' });
  const diagnosis = list(q.diagnosis);
  if (diagnosis.some((d) => !isDiagnosis(d))) throw new PgbError(400, 'bad-parameter', 'diagnosis names an unknown diagnosis', { parameter: 'diagnosis' });
  const given = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const [klasse, source, importId, budgetId, before] = [given(q.klasse), given(q.source), given(q.import), given(q.budget), given(q.before)];
  return {
    ...(status.length ? { status: status as ItemStatus[] } : {}), ...(diagnosis.length ? { diagnosis: diagnosis as Diagnosis[] } : {}),
    ...(klasse ? { klasse } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}), ...(q.weak !== undefined ? { weak: q.weak === 'true' } : {}),
    ...(source ? { source } : {}), ...(importId ? { importId } : {}), ...(budgetId ? { budgetId } : {}), ...(before ? { before } : {}),
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
      if (err.validation) return sendPgbProblem(reply, schemaFault(err));
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

    app.get<{ Querystring: WorklistQuery }>('/v1/pgb/worklist', WORKLIST_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const q = req.query;
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
      const { bsn } = req.body as { bsn: string };
      // The schema judged the form (9 digits); the 11-proef it cannot.
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
      const r = await worklist.get(id);
      if (!r) throw new PgbError(404, 'item-not-found', `no worklist item ${id}`);
      const pd = op.permissions.has('personal-data');
      const history = r.budget_id !== null && r.afzender !== null ? await worklist.history(r.afzender, r.budget_id, r.bsn_hash) : undefined;
      const others = (await worklist.list({ bsnHash: r.bsn_hash, limit: 50 })).items.filter((o) => o.id !== r.id).map((o) => worklist.view(o));
      await audit.record({ ...actor(op), action: 'pgb.item.view', subjectType: 'pgb-item', subject: id, personalData: pd });
      return { item: worklist.view(r, pd ? await worklist.bsnOf(r.bsn_hash) : undefined), budget: history ?? null, otherItems: others };
    });

    app.post<{ Params: { id: string }; Body: { status: ItemStatus; note?: string } }>('/v1/pgb/worklist/:id/status', STATUS_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const id = req.params.id;
      const { status, note } = req.body;
      const { before, after } = await worklist.setStatus(id, status, op.name, note);
      await audit.record({ ...actor(op), action: 'pgb.item.status', subjectType: 'pgb-item', subject: id, personalData: false, detail: { from: before.status, to: after.status } });
      return { item: worklist.view(after) };
    });

    app.get<{ Params: { format: string }; Querystring: WorklistQuery }>('/v1/pgb/worklist.:format', WORKLIST_EXPORT_SCHEMA, async (req, reply) => {
      const op = operatorOf(req);
      const format = formatOf(req.params.format);
      const q = req.query;
      const filter = { ...filterOf(q), limit: Math.min(Number(q.limit ?? 100_000), 100_000) };
      const withBsn = q.bsn === 'true';
      if (withBsn) await requirePersonalData(op, 'pgb.worklist.export');
      const page = await worklist.list(filter);
      const items = [];
      for (const r of page.items) items.push(worklist.view(r, withBsn ? await worklist.bsnOf(r.bsn_hash) : undefined));
      await audit.record({ ...actor(op), action: 'pgb.worklist.export', subjectType: 'filter', subject: JSON.stringify(filter).slice(0, 500), personalData: withBsn, detail: { format, rows: items.length } });
      return sendFile(reply, await worklistExport(items, format, withBsn), format, 'werklijst');
    });

    app.get<{ Querystring: { days: number } }>('/v1/pgb/chart', CHART_SCHEMA, async (req) => {
      const op = operatorOf(req);
      const { days } = req.query;
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

/**
 * A request that fails its route's schema: `bad-parameter` naming the first parameter (the cockpit and the CLI
 * read `parameter`) and every finding in `invalidParams`. An export format the path's enum does not know is a
 * file that is not there: 404, as before ajv judged it.
 */
function schemaFault(err: FastifyError): PgbError {
  const findings = err.validation ?? [];
  if (err.validationContext === 'params' && findings.some((e) => fieldOf(e) === 'format')) return new PgbError(404, 'unknown-format', 'export as .csv or .xlsx');
  const invalidParams = invalidParamsOf(findings);
  const first = invalidParams[0]?.name ?? 'body';
  return new PgbError(400, 'bad-parameter', `${first} ${invalidParams[0]?.reason ?? 'is not valid'}`, { parameter: first, invalidParams });
}

function formatOf(f: string): ExportFormat {
  if (f === 'csv' || f === 'xlsx') return f;
  throw new PgbError(404, 'unknown-format', 'export as .csv or .xlsx');
}

function sendFile(reply: FastifyReply, body: Buffer, format: ExportFormat, name: string): FastifyReply {
  return reply.header('content-disposition', `attachment; filename="${name}.${format}"`).type(EXPORT_CONTENT_TYPES[format]).send(body);
}
