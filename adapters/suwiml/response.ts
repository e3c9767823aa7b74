// Reads the answer of a dienst (the SOAP Body's child element) into a DienstAntwoord.
//
// Classification follows the BodyReaction XSDs: the answer element holds ClientSuwi (+ an optional fwi:FWI),
// or only an fwi:FWI, or fwi:NietsGevonden. FWI.xsd also declares NietGerechtigd and NietVanToepassing as
// global elements that no answer's choice uses; they are recognised wherever they stand (inside the answer
// element or as the Body's child itself), as is a SOAP 1.1 Fault whose detail holds the WSDL's fwi:Fout.
//
// Lenient: the data is validated against BodyReaction.xsd, and every XSD finding becomes a warning with its
// path (values withheld); the data is then mapped by name, so an element out of order or a code outside its
// pattern still arrives. Only XML that cannot be parsed (or has a DOCTYPE) or an answer that is none of the
// above throws.
import { ParseOption, XmlDocument, XmlError, XmlLibError } from 'libxml2-wasm';
import type { z } from 'zod';
import { readXmlProlog } from '../xml/prolog.ts';
import { redactValues } from '../../schemas/xsd-issues.ts';
import { DIENSTEN, FWI_NAMESPACE, type Dienst } from './diensten.ts';
import { SuwimlResponseError } from './errors.ts';
import { LenientMapper, plain, type MapWarning, type PlainElement } from './map.ts';
import { DKD_DATA_SCHEMAS } from './model/index.ts';
import { suwimlSchemas } from './schema.ts';

const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
// No entity substitution, no external DTD or entity, no network.
const UNTRUSTED = { option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET } as const;
const MAX_XSD_WARNINGS = 100;

export interface FwiMelding { code: string; bron?: string; omschrijving?: string; details?: string[] }

export interface FwiMeldingen { fouten: FwiMelding[]; waarschuwingen: FwiMelding[]; informatie: FwiMelding[] }

export interface DienstWarning { code: string; path?: string; message: string }

export type DienstAntwoord =
  | { kind: 'gevonden'; dienst: Dienst; data: unknown; warnings: DienstWarning[]; meldingen?: FwiMeldingen }
  | { kind: 'niets-gevonden'; dienst: Dienst; reden?: 'NietsGevonden' | 'NietVanToepassing' }
  | { kind: 'niet-gerechtigd'; dienst: Dienst }
  | { kind: 'fwi'; dienst: Dienst; fouten: FwiMelding[]; waarschuwingen: FwiMelding[]; informatie: FwiMelding[] };

function parse(xml: string): XmlDocument {
  const prolog = readXmlProlog(Buffer.from(xml.slice(0, 4096), 'utf8'));
  if (prolog.kind === 'doctype') throw new SuwimlResponseError('doctype-forbidden', 'a DOCTYPE is not allowed in an answer');
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, UNTRUSTED);
  } catch (err) {
    if (err instanceof XmlError) throw new SuwimlResponseError('xml-malformed', 'the answer is not well-formed XML');
    throw err;
  }
  if (doc.dtd !== null) {
    doc.dispose();
    throw new SuwimlResponseError('doctype-forbidden', 'a DOCTYPE is not allowed in an answer');
  }
  return doc;
}

function text(el: PlainElement | undefined): string | undefined {
  return el?.text ? el.text : undefined;
}

function child(el: PlainElement, name: string): PlainElement | undefined {
  return el.children.find((c) => c.name === name);
}

function melding(el: PlainElement): FwiMelding {
  const m: FwiMelding = { code: text(child(el, 'Code')) ?? '' };
  const bron = child(el, 'Bron');
  const dn = bron ? text(child(bron, 'DN')) : undefined;
  if (dn !== undefined) m.bron = dn;
  const tekst = text(child(el, 'Tekst'));
  if (tekst !== undefined) m.omschrijving = tekst;
  const details = el.children.filter((c) => c.name === 'Detail').map((d) => text(d)).filter((d): d is string => d !== undefined);
  if (details.length > 0) m.details = details;
  return m;
}

function meldingen(fwi: PlainElement): FwiMeldingen {
  const out: FwiMeldingen = { fouten: [], waarschuwingen: [], informatie: [] };
  for (const c of fwi.children) {
    if (c.name === 'Fout') out.fouten.push(melding(c));
    else if (c.name === 'Waarschuwing') out.waarschuwingen.push(melding(c));
    else if (c.name === 'Informatie') out.informatie.push(melding(c));
  }
  return out;
}

const isFwi = (el: PlainElement) => el.namespace === FWI_NAMESPACE;

/** NietsGevonden / NietGerechtigd / NietVanToepassing / FWI / Fout standing on their own; undefined otherwise. */
function fwiOnly(dienst: Dienst, el: PlainElement): DienstAntwoord | undefined {
  if (!isFwi(el)) return undefined;
  switch (el.name) {
    case 'NietsGevonden': return { kind: 'niets-gevonden', dienst, reden: 'NietsGevonden' };
    case 'NietVanToepassing': return { kind: 'niets-gevonden', dienst, reden: 'NietVanToepassing' };
    case 'NietGerechtigd': return { kind: 'niet-gerechtigd', dienst };
    case 'FWI': return { kind: 'fwi', dienst, ...meldingen(el) };
    case 'Fout': return { kind: 'fwi', dienst, fouten: [melding(el)], waarschuwingen: [], informatie: [] };
    default: return undefined;
  }
}

function soapFault(dienst: Dienst, fault: PlainElement): DienstAntwoord {
  const detail = fault.children.find((c) => c.name === 'detail' || c.name === 'Detail');
  for (const c of detail ? detail.children : []) {
    const answer = fwiOnly(dienst, c);
    if (answer) return answer;
  }
  throw new SuwimlResponseError('soap-fault', 'the answer is a SOAP Fault without an fwi:Fout in its detail');
}

/** XSD findings of the answer as warnings: path without namespace prefixes, value withheld. */
function xsdWarnings(dienst: Dienst, doc: XmlDocument): DienstWarning[] {
  try {
    suwimlSchemas().response(dienst).validate(doc);
    return [];
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    const details = err instanceof XmlLibError ? err.details : [];
    const warnings: DienstWarning[] = details.slice(0, MAX_XSD_WARNINGS).map((d) => {
      const w: DienstWarning = { code: 'xsd', message: redactValues(d.message.trim()) };
      if (d.xpath) w.path = d.xpath.replace(/\/[^/:[\]]+:/g, '/');
      return w;
    });
    if (details.length > MAX_XSD_WARNINGS) warnings.push({ code: 'xsd', message: `${details.length - MAX_XSD_WARNINGS} further schema findings not shown` });
    if (warnings.length === 0) warnings.push({ code: 'xsd', message: 'the answer could not be validated against its schema' });
    return warnings;
  }
}

function mapWarning(w: MapWarning): DienstWarning {
  return { code: w.code, path: w.path, message: w.message };
}

export function parseResponseBody(dienst: Dienst, bodyChildXml: string): DienstAntwoord {
  if (!Object.hasOwn(DIENSTEN, dienst)) throw new SuwimlResponseError('antwoord-onbekend', 'unknown dienst');
  const descriptor = DIENSTEN[dienst];
  const doc = parse(bodyChildXml);
  try {
    const root = plain(doc.root);
    const alone = fwiOnly(dienst, root);
    if (alone) return alone;
    if ((root.namespace === SOAP11_ENV || root.namespace === SOAP12_ENV) && root.name === 'Fault') return soapFault(dienst, root);
    if (root.namespace !== descriptor.namespace || root.name !== descriptor.responseElement) {
      throw new SuwimlResponseError('antwoord-onbekend', `the answer is not a ${descriptor.responseElement} of ${descriptor.namespace}`);
    }
    const children = root.children;
    const fwiChildren = children.filter((c) => isFwi(c));
    const data = children.filter((c) => !isFwi(c));
    if (data.length === 0) {
      // Only FWI-namespace children: NietsGevonden, NietGerechtigd, … or an FWI without data.
      for (const c of fwiChildren) {
        const answer = fwiOnly(dienst, c);
        if (answer) return answer;
      }
      throw new SuwimlResponseError('antwoord-onbekend', `the ${descriptor.responseElement} holds no ClientSuwi, FWI or NietsGevonden`);
    }
    const gerechtigd = fwiChildren.find((c) => c.name === 'NietGerechtigd');
    if (gerechtigd) return { kind: 'niet-gerechtigd', dienst };
    const warnings = xsdWarnings(dienst, doc);
    const mapper = new LenientMapper();
    const schema = DKD_DATA_SCHEMAS[dienst] as z.ZodObject;
    const mapped = mapper.object(schema, root, `/${root.name}`, (c) => isFwi(c));
    warnings.push(...mapper.warnings.map(mapWarning));
    const answer: DienstAntwoord = { kind: 'gevonden', dienst, data: mapped, warnings };
    const fwi = fwiChildren.find((c) => c.name === 'FWI');
    if (fwi) answer.meldingen = meldingen(fwi);
    return answer;
  } finally {
    doc.dispose();
  }
}
