// The DKD API for a municipality's systems (mTLS; role gemeente or klantsysteem, with `dkd` configured):
//   POST /v1/dkd/{dienst}     {burgerservicenummer, doelbinding, zaakreferentie?, periode?}  → one source
//   POST /v1/dkd/klantbeeld   {burgerservicenummer, doelbinding, zaakreferentie?, maxDuurMs?} → every source
// Answers are JSON with `Cache-Control: no-store`; errors application/problem+json. Docs: README.md (HTTP API).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { schemaFindings } from '../../gateway/api/problem.ts';
import type { DienstAntwoord } from '../../adapters/suwiml/index.ts';
import type { Partner } from '../../config/partners.ts';
import { bsnProblem } from '../../subscriptions/bsn.ts';
import { isDienst } from '../diensten.ts';
import { klantbeeld, klantbeeldDiensten } from '../klantbeeld.ts';
import type { DkdLookups, LookupInput, LookupResult } from '../lookup.ts';
import { DIENST_SCHEMA, KLANTBEELD_SCHEMA } from './schemas.ts';
import { problem, sendProblem, type InvalidParam } from './problem.ts';

export interface DkdRouteDeps { lookups: DkdLookups; klantbeeldTimeoutMs: number }


export function dkdRoutes(deps: DkdRouteDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onSend', async (_req, reply) => { void reply.header('cache-control', 'no-store'); });
    // The caller is known before its request is judged: a party without DKD rights learns nothing of the rules.
    app.addHook('onRequest', async (req, reply) => {
      if (!caller(req, reply)) return reply;
      return undefined;
    });
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, problem(415, 'media-type', 'Gebruik application/json.'));
      if (err.statusCode !== undefined && err.statusCode < 500) return sendProblem(reply, problem(400, 'verzoek-onleesbaar', 'Het verzoek is geen leesbaar JSON-object.'));
      req.log.error({ err }, 'dkd api failed');
      return sendProblem(reply, problem(503, 'protocollering-mislukt', 'De bevraging kon niet worden geprotocolleerd en wordt daarom niet beantwoord.'));
    });

    app.post('/v1/dkd/klantbeeld', KLANTBEELD_SCHEMA, async (req, reply) => {
      const partner = req.partner!;
      const { maxDuurMs } = (req.body ?? {}) as { maxDuurMs?: number };
      const input = readInput(req.body, schemaFindings(req), false);
      const invalid = 'invalid' in input ? [...input.invalid] : [];
      // The caller may want its answer sooner than the configured deadline (a screen waiting), never later.
      if (typeof maxDuurMs === 'number' && maxDuurMs > deps.klantbeeldTimeoutMs) {
        invalid.push({ name: 'maxDuurMs', code: 'maximum', reason: `Een geheel aantal milliseconden van 100 tot ${deps.klantbeeldTimeoutMs}.` });
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
      const partner = req.partner!;
      const dienst = req.params.dienst;
      // The schema's enum judged the path: a dienst that does not exist is a resource that does not exist.
      if (!isDienst(dienst)) return sendProblem(reply, problem(404, 'onbekende-dienst', 'Deze dienst bestaat niet.', { detail: 'BRPDossierPersoonGSD, UWVDossierInkomstenGSD, SVBDossierPersoonGSD of Bijstandsregelingen' }));
      const input = readInput(req.body, schemaFindings(req), dienst === 'UWVDossierInkomstenGSD');
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

/**
 * The lookup input from a body ajv judged (`findings`: its faults), with the checks a schema cannot express: the
 * elfproef of a BSN of the right form, `periode` only for UWV and not backwards. Every finding at once.
 */
export function readInput(body: unknown, findings: readonly InvalidParam[], periodeAllowed: boolean): LookupInput | { invalid: InvalidParam[] } {
  const invalid = [...findings];
  const b = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const named = (name: string) => invalid.some((p) => p.name === name || p.name.startsWith(`${name}.`));
  const bsn = b.burgerservicenummer;
  if (typeof bsn === 'string' && !named('burgerservicenummer') && bsnProblem(bsn) !== undefined) {
    invalid.push({ name: 'burgerservicenummer', code: 'elfproef', reason: 'Waarde voldoet niet aan de elfproef.' });
  }
  const p = b.periode as { van?: unknown; tot?: unknown } | undefined;
  if (p !== undefined && !periodeAllowed && !named('periode')) invalid.push({ name: 'periode', code: 'unknownParam', reason: 'Onbekende parameter: alleen UWVDossierInkomstenGSD kent een periode.' });
  else if (p !== undefined && !named('periode') && String(p.van) > String(p.tot)) invalid.push({ name: 'periode', code: 'date', reason: 'Verwacht {van, tot} als JJJJ-MM-DD, van niet na tot.' });
  if (invalid.length > 0) return { invalid };
  return {
    burgerservicenummer: bsn as string,
    doelbinding: b.doelbinding as string,
    ...(b.zaakreferentie !== undefined ? { zaakreferentie: b.zaakreferentie as string } : {}),
    ...(p !== undefined ? { periode: { van: p.van as string, tot: p.tot as string } } : {}),
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
