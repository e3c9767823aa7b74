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
import { validationProblem } from '../../gateway/api/problem.ts';
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
const BODY_FIELDS = new Set(['einddatum', 'referentie']);

export interface RouteDeps { deps: SubscriptionDeps; watchlist: Watchlist }

export function watchlistRoutes({ deps, watchlist }: RouteDeps) {
  const { volgindicaties } = watchlist;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const invalid = validationProblem(err, () => problem(400, 'paramsValidation', '').type);
      if (invalid) return sendProblem(reply, invalid);
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, problem(413, 'payloadTooLarge', 'Het verzoek is te groot.'));
      if (err.statusCode !== undefined && err.statusCode < 500) return sendProblem(reply, problem(400, 'badRequest', 'Het verzoek kan niet worden gelezen.'));
      req.log.error({ err }, 'watchlist api failed');
      return sendProblem(reply, problem(500, 'serverError', 'Interne server fout.'));
    });

    app.put<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', PUT_VOLGINDICATIE, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const bsn = req.params.burgerservicenummer;
      const invalid = bsnParam(bsn);
      const body = readBody(req, invalid);
      if (invalid.length > 0 || body === undefined) return sendProblem(reply, invalid.length > 0 ? badRequest(invalid) : problem(415, 'unsupported', 'Gebruik application/json.'));
      const out = await watchlist.put(partner.name, bsn, body);
      return reply.code(out.created ? 201 : 200).type(out.created ? HAL_JSON_TYPE : JSON_TYPE).send(volgindicaties.view(out.row, bsn));
    });

    app.get<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', GET_VOLGINDICATIE, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const bsn = req.params.burgerservicenummer;
      const invalid = bsnParam(bsn);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const row = await volgindicaties.find(partner.name, deps.store.bsnHash(bsn));
      if (row === undefined) return sendProblem(reply, notFound());
      return reply.type(JSON_TYPE).send(volgindicaties.view(row, bsn));
    });

    app.delete<{ Params: { burgerservicenummer: string } }>('/v1/brp/volgindicaties/:burgerservicenummer', DELETE_VOLGINDICATIE, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const bsn = req.params.burgerservicenummer;
      const invalid = bsnParam(bsn);
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const out = await watchlist.end(partner.name, bsn);
      if (out === undefined) return sendProblem(reply, notFound());
      return reply.code(204).send();
    });

    app.get('/v1/brp/volgindicaties', LIST_VOLGINDICATIES, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const rows = await volgindicaties.listActive(partner.name);
      return reply.type(JSON_TYPE).send({ volgindicaties: rows.map((r) => volgindicaties.view(r)) });
    });

    app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/v1/brp/wijzigingen', WIJZIGINGEN, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const invalid: InvalidParam[] = [];
      for (const name of Object.keys(req.query)) {
        if (name !== 'vanaf') invalid.push({ name, code: 'unknownParam', reason: 'Parameter is niet verwacht.' });
      }
      const vanaf = req.query.vanaf;
      if (vanaf !== undefined && (typeof vanaf !== 'string' || !isCalendarDate(vanaf))) {
        invalid.push({ name: 'vanaf', code: 'date', reason: 'Waarde is geen geldige datum (JJJJ-MM-DD).' });
      }
      if (invalid.length > 0) return sendProblem(reply, badRequest(invalid));
      const bsns = await wijzigingen(deps, volgindicaties, partner, typeof vanaf === 'string' ? vanaf : undefined);
      const self = `/v1/brp/wijzigingen${typeof vanaf === 'string' ? `?vanaf=${vanaf}` : ''}`;
      return reply.type(HAL_JSON_TYPE).send({ _links: { self: { href: self } }, burgerservicenummers: bsns });
    });

    app.post('/v1/brp/wachtlijst', WACHTLIJST, async (req, reply) => {
      const partner = subscriberOf(req, reply);
      if (!partner) return reply;
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'text/csv' && type !== 'text/plain') return sendProblem(reply, problem(415, 'unsupported', 'Gebruik text/csv.'));
      const raw = req.body as Buffer | undefined;
      if (!raw || raw.length === 0) return sendProblem(reply, badRequest([{ name: 'body', code: 'required', reason: 'De wachtlijst is leeg.' }]));
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        return sendProblem(reply, badRequest([{ name: 'body', code: 'encoding', reason: 'De wachtlijst is geen UTF-8-tekst.' }]));
      }
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

function bsnParam(bsn: string): InvalidParam[] {
  const p = bsnProblem(bsn);
  return p === undefined ? [] : [{ name: 'burgerservicenummer', code: p, reason: BSN_PROBLEM_TEXT[p] }];
}

/** The PUT body: undefined when it is not JSON (415); problems are added to `invalid`. */
function readBody(req: FastifyRequest, invalid: InvalidParam[]): VolgindicatieInput | undefined {
  const raw = req.body as Buffer | undefined;
  if (!raw || raw.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== JSON_TYPE && !type.endsWith('+json')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    invalid.push({ name: 'body', code: 'json', reason: 'De body is geen geldige JSON.' });
    return {};
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    invalid.push({ name: 'body', code: 'object', reason: 'De body moet een JSON-object zijn.' });
    return {};
  }
  const body = json as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!BODY_FIELDS.has(key)) invalid.push({ name: key, code: 'unknownParam', reason: 'Parameter is niet verwacht.' });
  }
  const input: VolgindicatieInput = {};
  const { einddatum, referentie } = body;
  if (einddatum !== undefined && einddatum !== null && (typeof einddatum !== 'string' || !isCalendarDate(einddatum))) {
    invalid.push({ name: 'einddatum', code: 'date', reason: 'Waarde is geen geldige datum (JJJJ-MM-DD).' });
  } else if (typeof einddatum === 'string') input.einddatum = einddatum;
  if (referentie !== undefined && referentie !== null && (typeof referentie !== 'string' || referentie.trim() === '' || referentie.length > REFERENTIE_MAX || /\p{Cc}/u.test(referentie))) {
    invalid.push({ name: 'referentie', code: 'referentie', reason: `Tekst van 1 tot ${REFERENTIE_MAX} tekens, zonder stuurtekens.` });
  } else if (referentie !== undefined) input.referentie = referentie as string | null;
  return input;
}

function notFound() {
  return problem(404, 'notFound', 'Opgevraagde resource bestaat niet.');
}
