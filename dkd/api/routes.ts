// The DKD API for a municipality's systems (mTLS; role gemeente or klantsysteem, with `dkd` configured):
//   POST /v1/dkd/{dienst}     {burgerservicenummer, doelbinding, zaakreferentie?, periode?}  → one source
//   POST /v1/dkd/klantbeeld   {burgerservicenummer, doelbinding, zaakreferentie?, maxDuurMs?} → every source
// Answers are JSON with `Cache-Control: no-store`; errors application/problem+json. Docs: README.md (HTTP API).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validationProblem } from '../../gateway/api/problem.ts';
import type { DienstAntwoord } from '../../adapters/suwiml/index.ts';
import { DOELBINDING } from '../../config/partners-schema.ts';
import type { Partner } from '../../config/partners.ts';
import { bsnProblem } from '../../subscriptions/bsn.ts';
import { isDienst } from '../diensten.ts';
import { klantbeeld, klantbeeldDiensten } from '../klantbeeld.ts';
import type { DkdLookups, LookupInput, LookupResult } from '../lookup.ts';
import { DIENST_SCHEMA, KLANTBEELD_SCHEMA } from './schemas.ts';
import { dkdProblemType, problem, sendProblem, type InvalidParam } from './problem.ts';

export interface DkdRouteDeps { lookups: DkdLookups; klantbeeldTimeoutMs: number }

const FIELDS = new Set(['burgerservicenummer', 'doelbinding', 'zaakreferentie', 'periode']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZAAKREFERENTIE = /^[\p{L}\p{N} ._:/#-]{1,100}$/u;

export function dkdRoutes(deps: DkdRouteDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onSend', async (_req, reply) => { void reply.header('cache-control', 'no-store'); });
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const invalid = validationProblem(err, dkdProblemType);
      if (invalid) return sendProblem(reply, invalid);
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, problem(415, 'media-type', 'Gebruik application/json.'));
      if (err.statusCode !== undefined && err.statusCode < 500) return sendProblem(reply, problem(400, 'verzoek-onleesbaar', 'Het verzoek is geen leesbaar JSON-object.'));
      req.log.error({ err }, 'dkd api failed');
      return sendProblem(reply, problem(503, 'protocollering-mislukt', 'De bevraging kon niet worden geprotocolleerd en wordt daarom niet beantwoord.'));
    });

    app.post('/v1/dkd/klantbeeld', KLANTBEELD_SCHEMA, async (req, reply) => {
      const partner = caller(req, reply);
      if (!partner) return reply;
      const { maxDuurMs, ...rest } = (req.body ?? {}) as Record<string, unknown>;
      const input = readInput(rest, false);
      const invalid = 'invalid' in input ? [...input.invalid] : [];
      // The caller may want its answer sooner than the configured deadline (a screen waiting), never later.
      if (maxDuurMs !== undefined && (!Number.isInteger(maxDuurMs) || (maxDuurMs as number) < 100 || (maxDuurMs as number) > deps.klantbeeldTimeoutMs)) {
        invalid.push({ name: 'maxDuurMs', code: 'range', reason: `Een geheel aantal milliseconden van 100 tot ${deps.klantbeeldTimeoutMs}.` });
      }
      if ('invalid' in input || invalid.length > 0) return sendProblem(reply, invalidRequest(invalid));
      if (klantbeeldDiensten(partner, input.doelbinding).length === 0) {
        // Audited as a refusal for each dienst the partner has, so the attempt is in the protocol.
        for (const dienst of partner.dkd!.diensten.keys()) await deps.lookups.lookup(partner, dienst, input, { requestId: req.id, klantbeeld: true });
        return sendProblem(reply, problem(403, 'doelbinding-niet-toegestaan', 'Voor deze doelbinding mag deze partij geen dienst bevragen.'));
      }
      const view = await klantbeeld(deps.lookups, partner, input, { requestId: req.id, timeoutMs: (maxDuurMs as number | undefined) ?? deps.klantbeeldTimeoutMs });
      return reply.type('application/json').send({
        doelbinding: view.doelbinding,
        ...(view.zaakreferentie !== undefined ? { zaakreferentie: view.zaakreferentie } : {}),
        volledig: view.volledig,
        ontbrekend: view.ontbrekend,
        bronnen: view.bronnen.map(bron),
        klant: view.klant,
      });
    });

    app.post<{ Params: { dienst: string } }>('/v1/dkd/:dienst', DIENST_SCHEMA, async (req, reply) => {
      const partner = caller(req, reply);
      if (!partner) return reply;
      const dienst = req.params.dienst;
      if (!isDienst(dienst)) return sendProblem(reply, problem(404, 'onbekende-dienst', 'Deze dienst bestaat niet.', { detail: 'BRPDossierPersoonGSD, UWVDossierInkomstenGSD, SVBDossierPersoonGSD of Bijstandsregelingen' }));
      const input = readInput(req.body, dienst === 'UWVDossierInkomstenGSD');
      if ('invalid' in input) return sendProblem(reply, invalidRequest(input.invalid));
      const result = await deps.lookups.lookup(partner, dienst, input, { requestId: req.id });
      return answer(reply, result);
    });
  };
}

function caller(req: FastifyRequest, reply: FastifyReply): Partner | undefined {
  const partner = req.partner;
  if (!partner) {
    void sendProblem(reply, problem(403, 'onbekende-partij', 'Het clientcertificaat noemt geen geconfigureerde partij.'));
    return undefined;
  }
  if ((partner.role !== 'gemeente' && partner.role !== 'klantsysteem') || partner.dkd === undefined) {
    void sendProblem(reply, problem(403, 'geen-dkd-autorisatie', `Partij ${partner.name} mag het Digitaal Klantdossier niet bevragen.`));
    return undefined;
  }
  return partner;
}

function invalidRequest(invalid: InvalidParam[]) {
  return problem(400, 'paramsValidation', 'Een of meerdere parameters zijn niet correct.', { invalidParams: invalid });
}

export function readInput(body: unknown, periodeAllowed: boolean): LookupInput | { invalid: InvalidParam[] } {
  const invalid: InvalidParam[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { invalid: [{ name: 'body', code: 'object', reason: 'Het verzoek moet een JSON-object zijn.' }] };
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!FIELDS.has(key) || (key === 'periode' && !periodeAllowed)) invalid.push({ name: key, code: 'unknownParam', reason: 'Onbekende parameter.' });
  }
  const bsn = b.burgerservicenummer;
  if (typeof bsn !== 'string') invalid.push({ name: 'burgerservicenummer', code: 'required', reason: 'Parameter is verplicht (tekst van 9 cijfers).' });
  else {
    const p = bsnProblem(bsn);
    if (p) invalid.push({ name: 'burgerservicenummer', code: p === 'pattern' ? 'pattern' : 'elfproef', reason: p === 'pattern' ? 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' : 'Waarde voldoet niet aan de elfproef.' });
  }
  if (typeof b.doelbinding !== 'string' || !DOELBINDING.test(b.doelbinding)) invalid.push({ name: 'doelbinding', code: typeof b.doelbinding === 'string' ? 'pattern' : 'required', reason: 'Parameter is verplicht: de doelbinding van de bevraging.' });
  if (b.zaakreferentie !== undefined && (typeof b.zaakreferentie !== 'string' || !ZAAKREFERENTIE.test(b.zaakreferentie))) {
    invalid.push({ name: 'zaakreferentie', code: 'pattern', reason: 'Ten hoogste 100 letters, cijfers, spaties of . _ : / # -.' });
  }
  let periode: LookupInput['periode'];
  if (b.periode !== undefined && periodeAllowed) {
    const p = b.periode as Record<string, unknown> | null;
    const ok = p !== null && typeof p === 'object' && typeof p.van === 'string' && typeof p.tot === 'string' && ISO_DATE.test(p.van) && ISO_DATE.test(p.tot)
      && !Number.isNaN(Date.parse(p.van)) && !Number.isNaN(Date.parse(p.tot)) && p.van <= p.tot && Object.keys(p).length === 2;
    if (!ok) invalid.push({ name: 'periode', code: 'date', reason: 'Verwacht {van, tot} als JJJJ-MM-DD, van niet na tot.' });
    else periode = { van: p!.van as string, tot: p!.tot as string };
  }
  if (invalid.length > 0) return { invalid };
  return {
    burgerservicenummer: bsn as string,
    doelbinding: b.doelbinding as string,
    ...(b.zaakreferentie !== undefined ? { zaakreferentie: b.zaakreferentie as string } : {}),
    ...(periode ? { periode } : {}),
  };
}

interface FwiLike { code: string; bron?: string; omschrijving?: string }

interface Waarschuwing { soort: 'waarschuwing' | 'informatie' | 'schema'; code: string; bron?: string; pad?: string; omschrijving?: string }

function waarschuwingen(a: DienstAntwoord | undefined): Waarschuwing[] {
  if (a?.kind === 'gevonden') {
    // FWI Waarschuwing/Informatie that came with the data (the codec may carry them as `meldingen`).
    const m = (a as { meldingen?: { waarschuwingen?: FwiLike[]; informatie?: FwiLike[] } }).meldingen;
    return [
      ...(m?.waarschuwingen ?? []).map((x) => ({ soort: 'waarschuwing' as const, ...melding(x) })),
      ...(m?.informatie ?? []).map((x) => ({ soort: 'informatie' as const, ...melding(x) })),
      ...a.warnings.map((w) => ({ soort: 'schema' as const, code: w.code, ...(w.path ? { pad: w.path } : {}), omschrijving: w.message })),
    ];
  }
  if (a?.kind === 'fwi') {
    return [
      ...a.waarschuwingen.map((m) => ({ soort: 'waarschuwing' as const, ...melding(m) })),
      ...a.informatie.map((m) => ({ soort: 'informatie' as const, ...melding(m) })),
    ];
  }
  return [];
}

function melding(m: { code: string; bron?: string; omschrijving?: string }) {
  return { code: m.code, ...(m.bron ? { bron: m.bron } : {}), ...(m.omschrijving ? { omschrijving: m.omschrijving } : {}) };
}

/** A source's part of a klantbeeld: its status and, on failure, why. */
function bron(r: LookupResult) {
  return {
    dienst: r.dienst,
    status: r.outcome,
    duurMs: r.durationMs,
    ...(r.error ? { code: r.error.code } : {}),
    ...(r.antwoord?.kind === 'fwi' && r.antwoord.fouten.length > 0 ? { fouten: r.antwoord.fouten.map(melding) } : {}),
    waarschuwingen: waarschuwingen(r.antwoord),
  };
}

function answer(reply: FastifyReply, r: LookupResult): FastifyReply {
  const extra = { dienst: r.dienst };
  switch (r.outcome) {
    case 'gevonden':
      return reply.type('application/json').send({
        dienst: r.dienst, status: 'gevonden',
        gegevens: r.antwoord?.kind === 'gevonden' ? r.antwoord.data : null,
        waarschuwingen: waarschuwingen(r.antwoord),
      });
    case 'niets-gevonden': return sendProblem(reply, problem(404, 'niets-gevonden', 'De bron kent deze persoon niet (NietsGevonden).', extra));
    case 'niet-gerechtigd': return sendProblem(reply, problem(403, 'niet-gerechtigd', 'De bron geeft deze gegevens niet aan deze afnemer (NietGerechtigd).', extra));
    case 'geweigerd-doelbinding': return sendProblem(reply, problem(403, 'doelbinding-niet-toegestaan', 'Deze partij mag deze dienst niet voor deze doelbinding bevragen; er is niets verzonden.', extra));
    case 'fwi-fout':
      return sendProblem(reply, problem(502, 'fwi-fout', 'De bron meldt een fout (FWI).', {
        ...extra, fouten: r.antwoord?.kind === 'fwi' ? r.antwoord.fouten.map(melding) : [], waarschuwingen: waarschuwingen(r.antwoord),
      }));
    case 'timeout': return sendProblem(reply, problem(504, 'dienst-timeout', 'De bron antwoordde niet op tijd.', extra));
    case 'niet-beschikbaar': {
      if (r.retryAfterMs !== undefined) void reply.header('retry-after', String(Math.max(1, Math.ceil(r.retryAfterMs / 1000))));
      return sendProblem(reply, problem(503, 'dienst-niet-beschikbaar', 'De bron is nu niet beschikbaar.', { ...extra, detail: r.error?.code ?? '' }));
    }
    case 'onbetrouwbaar': return sendProblem(reply, problem(502, 'antwoord-onbetrouwbaar', 'Het antwoord van de bron is niet (geldig) ondertekend en is niet gelezen.', { ...extra, detail: r.error?.code ?? '' }));
    case 'fout': return sendProblem(reply, problem(502, 'dienst-fout', 'De bron gaf geen bruikbaar antwoord.', { ...extra, detail: r.error?.code ?? '' }));
  }
}
