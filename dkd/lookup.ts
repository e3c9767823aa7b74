// One Digitaal Klantdossier lookup: doelbinding first (nothing leaves the gateway for a purpose the partner
// may not invoke), then the WUS exchange, then the answer classified by the SuwiML codec, and always a
// protocol record in the audit log (who, dienst, BSN as keyed hash, doelbinding, zaakreferentie, outcome,
// duration) before the caller hears anything. No BSN, name or answer body ever reaches a log line.
import { performance } from 'node:perf_hooks';
import { DOMParser } from '@xmldom/xmldom';
import type { Logger } from 'pino';
import { buildRequestBody, DIENSTEN, FWI_NAMESPACE, parseResponseBody, type Dienst, type DienstAntwoord, type FwiMelding } from '../adapters/suwiml/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Partner } from '../config/partners.ts';
import type { DkdMetrics } from './metrics.ts';
import type { DienstEndpoint } from './settings.ts';
import { WusError } from './wus/errors.ts';
import type { WusClient } from './wus/client.ts';
import { NS } from './wus/namespaces.ts';
import { elementChildren } from './wus/verify.ts';

export const PROTOCOL_ACTION = 'dkd.lookup';

export type LookupOutcome =
  | 'gevonden' | 'niets-gevonden' | 'niet-gerechtigd' | 'fwi-fout'
  | 'geweigerd-doelbinding'   // refused by the gateway: dienst or doelbinding not configured for the partner
  | 'timeout' | 'niet-beschikbaar' | 'onbetrouwbaar' | 'fout';

export interface LookupInput {
  burgerservicenummer: string;
  doelbinding: string;
  zaakreferentie?: string;
  periode?: { van: string; tot: string };
}

export interface LookupResult {
  dienst: Dienst;
  outcome: LookupOutcome;
  durationMs: number;
  antwoord?: DienstAntwoord;
  /** Why it failed, when it did (a WUS failure code or the gateway's own). */
  error?: { code: string; message: string };
  retryAfterMs?: number;
}

export interface LookupDeps {
  /** The configured endpoints; a dienst without one is answered 'niet-beschikbaar' (not-configured). */
  diensten: ReadonlyMap<Dienst, DienstEndpoint>;
  /** Absent when no KP_DKD_FILE is configured. */
  client: WusClient | undefined;
  audit: AuditLog;
  bsnHash(bsn: string): string;
  metrics: DkdMetrics;
  logger: Logger;
}

/** May this partner ask this dienst for this doelbinding? */
export function mayAsk(partner: Partner, dienst: Dienst, doelbinding: string): boolean {
  return partner.dkd?.diensten.get(dienst)?.has(doelbinding) === true;
}

/** The diensten this partner may ask for this doelbinding. */
export function dienstenFor(partner: Partner, doelbinding: string): Dienst[] {
  return [...(partner.dkd?.diensten ?? new Map<Dienst, ReadonlySet<string>>()).entries()].filter(([, purposes]) => purposes.has(doelbinding)).map(([d]) => d);
}

export class DkdLookups {
  constructor(private readonly deps: LookupDeps) {}

  async lookup(partner: Partner, dienst: Dienst, input: LookupInput, ctx: { requestId: string; signal?: AbortSignal; klantbeeld?: boolean }): Promise<LookupResult> {
    const started = performance.now();
    let result: Omit<LookupResult, 'durationMs'>;
    if (!mayAsk(partner, dienst, input.doelbinding)) {
      result = { dienst, outcome: 'geweigerd-doelbinding', error: { code: 'doelbinding-niet-toegestaan', message: `partner ${partner.name} may not ask ${dienst} for this doelbinding` } };
    } else {
      result = await this.ask(dienst, input, ctx.signal);
    }
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    await this.protocol(partner, dienst, input, { ...result, durationMs }, ctx);
    return { ...result, durationMs };
  }

  private async ask(dienst: Dienst, input: LookupInput, signal: AbortSignal | undefined): Promise<Omit<LookupResult, 'durationMs'>> {
    const endpoint = this.deps.diensten.get(dienst);
    const client = this.deps.client;
    if (endpoint === undefined || client === undefined) return { dienst, outcome: 'niet-beschikbaar', error: { code: 'not-configured', message: `no endpoint is configured for ${dienst}` } };
    const d = DIENSTEN[dienst];
    let bodyChildXml: string;
    try {
      bodyChildXml = buildRequestBody(dienst, { burgerservicenummer: input.burgerservicenummer, ...(input.periode ? { periode: input.periode } : {}) });
    } catch (err) {
      // The codec validates against the XSD before anything leaves; the API checked the input already.
      return { dienst, outcome: 'fout', error: { code: 'verzoek-ongeldig', message: `the request does not fit the ${dienst} schema: ${(err as { path?: string }).path ?? ''}`.trim() } };
    }
    try {
      const answer = await client.call(dienst, endpoint, {
        action: d.action, answerActions: new Set([d.responseAction, d.faultAction]), bodyChildXml, ...(signal ? { signal } : {}),
      });
      const antwoord = answer.bodyChild.namespace === NS.soapenv && answer.bodyChild.localName === 'Fault'
        ? faultAntwoord(dienst, answer.bodyChildXml)
        : parseResponseBody(dienst, answer.bodyChildXml);
      if (antwoord.kind === 'gevonden' && antwoord.warnings.length > 0) this.deps.metrics.schemaWarnings.inc({ dienst }, antwoord.warnings.length);
      return { dienst, outcome: outcomeOf(antwoord), antwoord };
    } catch (err) {
      if (err instanceof WusError) {
        const outcome: LookupOutcome = err.code === 'timeout' || err.code === 'aborted' ? 'timeout'
          : err.code === 'breaker-open' || err.code === 'not-configured' ? 'niet-beschikbaar'
            : err.untrustworthy ? 'onbetrouwbaar' : 'fout';
        return {
          dienst, outcome, error: { code: err.code, message: err.message },
          ...(err.code === 'breaker-open' ? { retryAfterMs: client.breaker(dienst).retryAfterMs } : {}),
        };
      }
      this.deps.logger.error({ err, dienst }, 'dkd answer could not be read');
      return { dienst, outcome: 'fout', error: { code: 'antwoord-onleesbaar', message: 'the answer could not be read' } };
    }
  }

  private async protocol(partner: Partner, dienst: Dienst, input: LookupInput, result: LookupResult, ctx: { requestId: string; klantbeeld?: boolean }): Promise<void> {
    this.deps.metrics.lookups.inc({ dienst, partner: partner.name, outcome: result.outcome });
    this.deps.metrics.lookupSeconds.observe({ dienst }, result.durationMs / 1000);
    await this.deps.audit.record({
      actor: partner.name,
      actorOin: partner.oin,
      action: PROTOCOL_ACTION,
      subjectType: 'bsn-hash',
      subject: this.deps.bsnHash(input.burgerservicenummer),
      personalData: result.outcome === 'gevonden',
      detail: {
        dienst,
        doelbinding: input.doelbinding,
        ...(input.zaakreferentie !== undefined ? { zaakreferentie: input.zaakreferentie } : {}),
        outcome: result.outcome,
        ...(result.error ? { code: result.error.code } : {}),
        ...(result.antwoord?.kind === 'fwi' ? { fwi: result.antwoord.fouten.map((f) => f.code) } : {}),
        durationMs: result.durationMs,
        requestId: ctx.requestId,
        ...(ctx.klantbeeld ? { klantbeeld: true } : {}),
      },
    });
    const level = result.outcome === 'fout' || result.outcome === 'onbetrouwbaar' ? 'warn' : 'info';
    // The reason is the gateway's own text or a transport error's, never content of a request or answer.
    this.deps.logger[level]({
      dienst, partner: partner.name, outcome: result.outcome, code: result.error?.code, ...(level === 'warn' ? { reason: result.error?.message } : {}),
      durationMs: result.durationMs, requestId: ctx.requestId,
    }, 'dkd lookup');
  }
}

function outcomeOf(a: DienstAntwoord): LookupOutcome {
  switch (a.kind) {
    case 'gevonden': return 'gevonden';
    case 'niets-gevonden': return 'niets-gevonden';
    case 'niet-gerechtigd': return 'niet-gerechtigd';
    case 'fwi': return a.fouten.length > 0 ? 'fwi-fout' : 'gevonden';
  }
}

/** A SOAP Fault whose detail carries fwi:Fout (the WSDLs' AanvraagNietOk fault). */
function faultAntwoord(dienst: Dienst, faultXml: string): DienstAntwoord {
  const doc = new DOMParser().parseFromString(faultXml, 'text/xml');
  const fouten: FwiMelding[] = [];
  const list = doc.getElementsByTagNameNS(FWI_NAMESPACE, 'Fout');
  for (let i = 0; i < list.length; i++) {
    const el = list.item(i)!;
    const text = (name: string) => elementChildren(el).find((c) => c.localName === name)?.textContent?.trim();
    const bron = elementChildren(el).find((c) => c.localName === 'Bron');
    const dn = bron ? elementChildren(bron).find((c) => c.localName === 'DN')?.textContent?.trim() : undefined;
    fouten.push({ code: text('Code') ?? 'onbekend', ...(dn ? { bron: dn } : {}), ...(text('Tekst') ? { omschrijving: text('Tekst')! } : {}) });
  }
  if (fouten.length === 0) {
    const faultstring = elementChildren(doc.documentElement!).find((c) => c.localName === 'faultstring')?.textContent?.trim();
    fouten.push({ code: 'SOAP-Fault', bron: dienst, ...(faultstring ? { omschrijving: faultstring } : {}) });
  }
  return { kind: 'fwi', dienst, fouten, waarschuwingen: [], informatie: [] };
}
