// The watchlist API for subscriber partners (mTLS; the role comes from the client certificate's OIN),
// shaped after the Haal Centraal BRP Update API 1.0 (corpus brp/specs/haal-centraal-brp-update-api):
//   PUT    /v1/brp/volgindicaties/{burgerservicenummer}   {einddatum?, referentie?}  → 201 new / 200 changed
//   GET    /v1/brp/volgindicaties                          the active ones
//   GET    /v1/brp/volgindicaties/{burgerservicenummer}    one, also when ended
//   DELETE /v1/brp/volgindicaties/{burgerservicenummer}    ends it today (= PUT with einddatum today)
//   GET    /v1/brp/wijzigingen?vanaf=JJJJ-MM-DD            BSNs with an alert during the active volgindicatie
//   POST   /v1/brp/wachtlijst                              CSV (BSN; referentie[; einddatum]) → a result per row
// A subscriber only ever sees its own volgindicaties: another's is 404, as if it did not exist.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { schemaFindings } from '../../gateway/api/problem.ts';
import type { Partner } from '../../config/partners.ts';
import { BSN_PROBLEM_TEXT, bsnProblem } from '../bsn.ts';
import type { SubscriptionDeps } from '../context.ts';
import { isCalendarDate } from '../dates.ts';
import type { VolgindicatieInput } from '../volgindicaties.ts';
import type { Watchlist } from '../watchlist.ts';
import { wijzigingen } from '../wijzigingen.ts';
import { readCsv } from './csv.ts';
import { badRequest, problem, sendProblem, type InvalidParam } from './problem.ts';
import { DELETE_VOLGINDICATIE, GET_VOLGINDICATIE, LIST_VOLGINDICATIES, PUT_VOLGINDICATIE, WACHTLIJST, WIJZIGINGEN } from './schemas.ts';

const JSON_TYPE = 'application/json';
const HAL_JSON_TYPE = 'application/hal+json';
const REFERENTIE_MAX = 100;
/** One upload; larger lists go in several. */
export const MAX_CSV_ROWS = 100_000;
const CSV_TYPES = ['text/csv', 'text/plain'];

/** A body the API cannot read: not JSON, or a list that is not UTF-8. */
class UnreadableBody extends Error {
  readonly statusCode = 400;
  constructor(readonly param: InvalidParam) { super(param.reason); }
}

export interface RouteDeps { deps: SubscriptionDeps; watchlist: Watchlist }

export function watchlistRoutes({ deps, watchlist }: RouteDeps) {
  const { volgindicaties } = watchlist;
  return async function plugin(app: FastifyInstance): Promise<void> {
    // JSON for the volgindicaties (an empty body is none), UTF-8 text for the wachtlijst; ajv judges what they give.
    app.removeAllContentTypeParsers();
    const json = app.getDefaultJsonParser('error', 'error');
    for (const type of ['application/json', /^application\/[^;]+\+json/]) {
      app.addContentTypeParser(type, { parseAs: 'string' }, (req, body, done) => {
        if (body === '') return done(null, null);
        json(req, body as string, (err, value) => done(err ? new UnreadableBody({ name: 'body', code: 'json', reason: 'De body is geen geldige JSON.' }) : null, value));
      });
    }
    app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        done(null, new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer));
      } catch {
        done(new UnreadableBody({ name: 'body', code: 'encoding', reason: 'De wachtlijst is geen UTF-8-tekst.' }), undefined);
      }
    });
    // The subscriber is known before its request is judged: anyone else is refused without learning the rules.
    app.addHook('onRequest', async (req, reply) => {
      if (!subscriberOf(req, reply)) return reply;
      return undefined;
    });
    app.setErrorHandler((err: FastifyError | UnreadableBody, req, reply) => {
      if (err instanceof UnreadableBody) return sendProblem(reply, badRequest([err.param]));
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, problem(413, 'payloadTooLarge', 'Het verzoek is te groot.'));
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, unsupported(req));
      if (err.statusCode !== undefined && err.statusCode < 500) return sendProblem(reply, problem(400, 'badRequest', 'Het verzoek kan niet worden gelezen.'));
      req.log.error({ err }, 'watchlist api failed');
      return sendProblem(reply, problem(500, 'serverError', 'Interne server fout.'));
    });

    app.put<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', PUT_VOLGINDICATIE, async (req, reply) => {
      const partner = req.partner!;
      if (typeof req.body === 'string') return sendProblem(reply, unsupported(req));
      const bsn = req.params.burgerservicenummer;
      const invalid = findings(req, bsn);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const out = await watchlist.put(partner.name, bsn, (req.body ?? {}) as VolgindicatieInput);
      return reply.code(out.created ? 201 : 200).type(out.created ? HAL_JSON_TYPE : JSON_TYPE).send(volgindicaties.view(out.row, bsn));
    });

    app.get<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', GET_VOLGINDICATIE, async (req, reply) => {
      const partner = req.partner!;
      const bsn = req.params.burgerservicenummer;
      const invalid = findings(req, bsn);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const row = await volgindicaties.find(partner.name, deps.store.bsnHash(bsn));
      if (row === undefined) return sendProblem(reply, notFound());
      return reply.type(JSON_TYPE).send(volgindicaties.view(row, bsn));
    });

    app.delete<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', DELETE_VOLGINDICATIE, async (req, reply) => {
      const partner = req.partner!;
      const bsn = req.params.burgerservicenummer;
      const invalid = findings(req, bsn);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const out = await watchlist.end(partner.name, bsn);
      if (out === undefined) return sendProblem(reply, notFound());
      return reply.code(204).send();
    });

    app.get('/v1/brp/volgindicaties', LIST_VOLGINDICATIES, async (req, reply) => {
      const partner = req.partner!;
      const rows = await volgindicaties.listActive(partner.name);
      return reply.type(JSON_TYPE).send({ volgindicaties: rows.map((r) => volgindicaties.view(r)) });
    });

    app.get<{ Querystring: { vanaf?: string } }>('/v1/brp/wijzigingen', WIJZIGINGEN, async (req, reply) => {
      const partner = req.partner!;
      const invalid = schemaFindings(req);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const { vanaf } = req.query;
      const bsns = await wijzigingen(deps, volgindicaties, partner, vanaf);
      const self = `/v1/brp/wijzigingen${vanaf !== undefined ? `?vanaf=${vanaf}` : ''}`;
      return reply.type(HAL_JSON_TYPE).send({ _links: { self: { href: self } }, burgerservicenummers: bsns });
    });

    app.post('/v1/brp/wachtlijst', WACHTLIJST, async (req, reply) => {
      const partner = req.partner!;
      if (typeof req.body !== 'string' && req.body !== undefined) return sendProblem(reply, unsupported(req));
      const text = req.body;
      if (!text) return sendProblem(reply, badRequest([{ name: 'body', code: 'required', reason: 'De wachtlijst is leeg.' }]));
      const csv = readCsv(text);
      if (csv.rows.length > MAX_CSV_ROWS) {
        return sendProblem(reply, badRequest([{ name: 'body', code: 'maxItems', reason: `Ten hoogste ${MAX_CSV_ROWS} rijen per upload.` }]));
      }
      return reply.type(JSON_TYPE).send(await uploadWaitingList(watchlist, partner, csv));
    });
  };
}

export interface RowResult {
  rij: number;
  resultaat: 'toegevoegd' | 'gewijzigd' | 'fout';
  referentie?: string;
  status?: string;
  fout?: { code: string; melding: string };
}

async function uploadWaitingList(watchlist: Watchlist, partner: Partner, csv: ReturnType<typeof readCsv>) {
  const results: RowResult[] = [];
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const [bsn = '', referentie = '', einddatum = ''] = row.cells;
    const fail = (code: string, melding: string) => results.push({ rij: row.line, resultaat: 'fout', ...(referentie ? { referentie } : {}), fout: { code, melding } });
    if (row.cells.length < 1 || row.cells.length > 3) { fail('kolommen', 'Verwacht: burgerservicenummer; referentie[; einddatum].'); continue; }
    const p = bsnProblem(bsn);
    if (p !== undefined) { fail(p === 'pattern' ? 'bsn-formaat' : 'bsn-elfproef', BSN_PROBLEM_TEXT[p]); continue; }
    if (referentie.length > REFERENTIE_MAX || /\p{Cc}/u.test(referentie)) { fail('referentie-ongeldig', `Referentie: ten hoogste ${REFERENTIE_MAX} tekens, geen stuurtekens.`); continue; }
    if (einddatum !== '' && !isCalendarDate(einddatum)) { fail('einddatum-ongeldig', 'Einddatum is geen geldige datum (JJJJ-MM-DD).'); continue; }
    const earlier = seen.get(bsn);
    if (earlier !== undefined) { fail('dubbel', `Dit burgerservicenummer staat ook op rij ${earlier}.`); continue; }
    seen.set(bsn, row.line);
    const out = await watchlist.put(partner.name, bsn, { referentie: referentie === '' ? null : referentie, einddatum: einddatum === '' ? null : einddatum });
    results.push({ rij: row.line, resultaat: out.created ? 'toegevoegd' : 'gewijzigd', ...(referentie ? { referentie } : {}), status: out.row.status });
  }
  for (const e of csv.errors) results.push({ rij: e.line, resultaat: 'fout', fout: { code: e.code, melding: e.message } });
  const count = (r: RowResult['resultaat']) => results.filter((x) => x.resultaat === r).length;
  return { aantal: { toegevoegd: count('toegevoegd'), gewijzigd: count('gewijzigd'), fout: count('fout') }, rijen: results };
}

/** The calling partner when it is a subscriber; otherwise a 403 problem is sent. */
function subscriberOf(req: FastifyRequest, reply: FastifyReply): Partner | undefined {
  const partner = req.partner;
  if (partner?.role === 'subscriber') return partner;
  sendProblem(reply, problem(403, 'autorisation', 'U bent niet geautoriseerd voor deze operatie.', {
    detail: partner ? 'Alleen een abonnee (rol subscriber) beheert volgindicaties.' : 'Het clientcertificaat hoort bij geen geconfigureerde partner.',
  }));
  return undefined;
}

/** ajv's findings on the request and, when the BSN has the right form, the elfproef ajv cannot judge. */
function findings(req: FastifyRequest, bsn: string): InvalidParam[] {
  const invalid = schemaFindings(req);
  const p = invalid.some((f) => f.name === 'burgerservicenummer') ? undefined : bsnProblem(bsn);
  return p === undefined ? invalid : [{ name: 'burgerservicenummer', code: p, reason: BSN_PROBLEM_TEXT[p] }, ...invalid];
}

/** 415: the route's one content type, named. */
function unsupported(req: FastifyRequest) {
  return problem(415, 'unsupported', req.routeOptions.url === '/v1/brp/wachtlijst' ? 'Gebruik text/csv.' : 'Gebruik application/json.');
}

function notFound() {
  return problem(404, 'notFound', 'Opgevraagde resource bestaat niet.');
}
