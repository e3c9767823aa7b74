import { XmlXPath, type XmlDocument, type XmlElement } from 'libxml2-wasm';
import { GGK_NS, STUF_NS } from './constants.ts';
import type { GgkParameters, ReadableStuurgegevens, StufSysteem } from './types.ts';

export interface ReadStuurgegevens extends ReadableStuurgegevens { crossRefnummer?: string }

/** Everything the codec reads from an envelope, from one XPath evaluation. */
export interface EnvelopeFields {
  stuurgegevens: ReadStuurgegevens;
  parameters: Partial<GgkParameters>;
  bericht?: XmlElement;
  payload?: { element: XmlElement; kind: 'xml' | 'tekst' };
}

// No stuurgegevens field of a valid envelope is longer (Organisatie, the longest, is 200); a longer value in a
// refused one is left out rather than carried into a Fo01 or a log.
const MAX_FIELD = 200;

const LEAVES = new Set(['berichtcode', 'referentienummer', 'tijdstipBericht', 'crossRefnummer', 'functie']);
const SYSTEEM_FIELDS = new Set(['organisatie', 'applicatie', 'administratie', 'gebruiker']);
const VERSIONS = new Set(['applicatieVersie', 'applicatieSubversie', 'functieVersie', 'functieSubversie']);

/**
 * One compiled XPath picks the stuurgegevens, parameters and payload element: walking the children one by one
 * costs a wrapper object per (white-space) node and measured twice as slow. Whatever root the caller has
 * accepted; the codec disposes it.
 */
export function compileEnvelopeXPath(): XmlXPath {
  const sg = '/*/g:stuurgegevens';
  return XmlXPath.compile(
    `${sg}/s:* | ${sg}/s:zender/s:* | ${sg}/s:ontvanger/s:* | /*/g:parameters/g:* | /*/g:parameters/g:bericht/g:*`,
    { g: GGK_NS, s: STUF_NS },
  );
}

/**
 * Reads whatever is present, without assuming the envelope is valid: used both after XSD validation
 * (everything is there) and for a refused envelope (to address the Fo01). The first of duplicates wins.
 */
export function readEnvelopeFields(doc: XmlDocument, xpath: XmlXPath): EnvelopeFields {
  const fields: EnvelopeFields = { stuurgegevens: {}, parameters: {} };
  const sg = fields.stuurgegevens;
  for (const node of doc.find(xpath)) {
    const el = node as XmlElement;
    const name = el.name;
    const parent = el.parent?.name;
    if (parent === 'stuurgegevens') {
      if (LEAVES.has(name)) setOnce(sg as Record<string, string>, name, el);
    } else if (parent === 'zender' || parent === 'ontvanger') {
      if (SYSTEEM_FIELDS.has(name)) setOnce((sg[parent] ??= {}) as Record<string, string>, name, el);
    } else if (parent === 'parameters') {
      if (VERSIONS.has(name)) setOnce(fields.parameters as Record<string, string>, name, el);
      else if (name === 'bericht') fields.bericht ??= el;
    } else if (parent === 'bericht' && !fields.payload) {
      if (name === 'xmlBestand') fields.payload = { element: el, kind: 'xml' };
      else if (name === 'tekstBestand') fields.payload = { element: el, kind: 'tekst' };
    }
  }
  return fields;
}

function setOnce(target: Record<string, string>, name: string, el: XmlElement): void {
  if (name in target) return;
  const value = el.content;
  if (value.length <= MAX_FIELD) target[name] = value;
}

/** After XSD validation every field is present; the fallbacks only satisfy the type checker. */
export function requireSysteem(s: Partial<StufSysteem> | undefined): StufSysteem {
  const systeem: StufSysteem = { organisatie: s?.organisatie ?? '', applicatie: s?.applicatie ?? '' };
  if (s?.administratie !== undefined) systeem.administratie = s.administratie;
  if (s?.gebruiker !== undefined) systeem.gebruiker = s.gebruiker;
  return systeem;
}

export function requireParameters(p: Partial<GgkParameters>): GgkParameters {
  return {
    applicatieVersie: p.applicatieVersie ?? '',
    applicatieSubversie: p.applicatieSubversie ?? '',
    functieVersie: p.functieVersie ?? '',
    functieSubversie: p.functieSubversie ?? '',
  };
}
