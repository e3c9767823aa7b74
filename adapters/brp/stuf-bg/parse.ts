// StUF-BG 0310 npsLk01 → NpsLk01Bericht, tolerantly: real kennisgevingen are not always schema-valid
// (research/brp.md §8), so schema errors and our own checks come back as issues instead of a refusal.
// Refused (MessageRejected 400) only when the message is unusable: not well-formed, a DOCTYPE, no
// npsLk01, no mutatiesoort we know, or no object.
import { XmlElement, XmlError, XmlLibError, XmlXPath, type XmlDocument, type XsdValidator } from 'libxml2-wasm';
import { toXsdIssues } from '../../../schemas/xsd-issues.ts';
import { MessageRejected, type ValidationIssue } from '../../types.ts';
import { doctypeForbidden, parseUntrustedXml } from '../../xml/parse.ts';
import { readXmlProlog } from '../../xml/prolog.ts';
import {
  BG_NAMESPACE, STUF_NAMESPACE,
  type Mutatiesoort, type NpsGegevens, type NpsLk01Bericht, type NpsObject, type NpsStuurgegevens, type NpsVerblijfBuitenland,
  type NpsVerblijfsadres, type StufGeenWaarde, type StufSysteem, type StufWaarde,
} from './model.ts';

const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const SOAP_NAMESPACES = new Set(['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope']);
const MUTATIESOORTEN = new Set<string>(['T', 'W', 'V', 'C', 'F']);
const GEEN_WAARDE = new Set<string>(['nietOndersteund', 'nietGeautoriseerd', 'geenWaarde', 'waardeOnbekend', 'vastgesteldOnbekend']);
const MAX_XSD_ISSUES = 50;

export interface GelezenNpsLk01 {
  bericht: NpsLk01Bericht;
  /** Schema errors (`xsd-invalid`) and our own checks (`stuf-…`) that failed but did not make the message unusable. */
  issues: ValidationIssue[];
  /** Every valid BSN in the message (the person and any gerelateerde), distinct, in document order. */
  bsns: string[];
}

/**
 * Reads one npsLk01, bare or in a SOAP 1.1/1.2 Body. With a validator the npsLk01 element is checked
 * against the StUF-BG XSD and every failure is reported in `issues`.
 */
export function parseNpsLk01(body: Buffer, validator?: XsdValidator): GelezenNpsLk01 {
  const prolog = readXmlProlog(body);
  if (prolog.kind === 'doctype') throw doctypeForbidden(prolog.line, prolog.column);
  const doc = parseUntrustedXml(body);
  try {
    return readDocument(doc, validator);
  } finally {
    doc.dispose();
  }
}

function readDocument(doc: XmlDocument, validator: XsdValidator | undefined): GelezenNpsLk01 {
  const npsLk01 = findNpsLk01(doc.root);
  const issues: ValidationIssue[] = validator ? validate(validator, npsLk01) : [];

  let stuurgegevensEl: XmlElement | undefined;
  let parametersEl: XmlElement | undefined;
  const objectEls: XmlElement[] = [];
  for (const child of elementChildren(npsLk01)) {
    if (child.name === 'stuurgegevens') stuurgegevensEl ??= child;
    else if (child.name === 'parameters') parametersEl ??= child;
    else if (child.name === 'object') objectEls.push(child);
  }

  const stuurgegevens = stuurgegevensEl ? readStuurgegevens(stuurgegevensEl) : {};
  if (stuurgegevensEl === undefined) issues.push({ code: 'stuf-stuurgegevens', message: 'npsLk01 without stuurgegevens', path: 'npsLk01' });
  if (stuurgegevens.berichtcode !== undefined && stuurgegevens.berichtcode !== 'Lk01') {
    issues.push({ code: 'stuf-berichtcode', message: 'stuurgegevens/berichtcode is not Lk01', path: 'npsLk01/stuurgegevens/berichtcode' });
  }
  if (stuurgegevens.entiteittype !== undefined && stuurgegevens.entiteittype !== 'NPS') {
    issues.push({ code: 'stuf-entiteittype', message: 'stuurgegevens/entiteittype is not NPS', path: 'npsLk01/stuurgegevens/entiteittype' });
  }

  const mutatiesoortEl = parametersEl ? childNamed(parametersEl, 'mutatiesoort') : undefined;
  const mutatiesoort = mutatiesoortEl?.content.trim();
  if (mutatiesoort === undefined || !MUTATIESOORTEN.has(mutatiesoort)) {
    throw MessageRejected.of(400, 'stuf-mutatiesoort', 'npsLk01 without parameters/mutatiesoort T, W, V, C or F: the kennisgeving cannot be interpreted', {
      path: 'npsLk01/parameters/mutatiesoort',
      ...(mutatiesoortEl ? { line: mutatiesoortEl.line } : {}),
    });
  }
  if (objectEls.length === 0) {
    throw MessageRejected.of(400, 'stuf-geen-object', 'npsLk01 without an object: there is no person to read', { path: 'npsLk01/object', line: npsLk01.line });
  }
  const verwacht = mutatiesoort === 'W' ? 2 : 1;
  if (objectEls.length !== verwacht) {
    issues.push({
      code: 'stuf-objecten', path: 'npsLk01/object', line: objectEls[0]!.line,
      message: `mutatiesoort ${mutatiesoort} expects ${verwacht} object(s), found ${objectEls.length}${objectEls.length > 2 ? '; the first two are read' : ''}`,
    });
  }

  const objecten = objectEls.slice(0, 2).map((el, i) => readObject(el, `npsLk01/object[${i + 1}]`, issues));
  const indicatorOvername = parametersEl ? childNamed(parametersEl, 'indicatorOvername')?.content.trim() : undefined;
  const bericht: NpsLk01Bericht = {
    berichtType: 'npsLk01',
    stuurgegevens,
    mutatiesoort: mutatiesoort as Mutatiesoort,
    ...(indicatorOvername ? { indicatorOvername } : {}),
    objecten,
  };
  return { bericht, issues, bsns: collectBsns(npsLk01) };
}

function findNpsLk01(root: XmlElement): XmlElement {
  if (isNpsLk01(root)) return root;
  if (SOAP_NAMESPACES.has(root.namespaceUri) && root.name === 'Envelope') {
    const soapBody = elementChildren(root).find((c) => c.name === 'Body' && c.namespaceUri === root.namespaceUri);
    const first = soapBody ? elementChildren(soapBody)[0] : undefined;
    if (first !== undefined && isNpsLk01(first)) return first;
  }
  throw MessageRejected.of(400, 'stuf-geen-npsLk01', `expected an npsLk01 element in namespace ${BG_NAMESPACE}, bare or as the first element of a SOAP Body`, { line: root.line });
}

function isNpsLk01(el: XmlElement): boolean {
  return el.name === 'npsLk01' && el.namespaceUri === BG_NAMESPACE;
}

function validate(validator: XsdValidator, npsLk01: XmlElement): ValidationIssue[] {
  try {
    validator.validate(npsLk01);
    return [];
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    const details = err instanceof XmlLibError ? err.details : [];
    const issues: ValidationIssue[] = toXsdIssues(details, MAX_XSD_ISSUES).map((i) => ({ code: 'xsd-invalid', ...i }));
    if (details.length > MAX_XSD_ISSUES) issues.push({ code: 'xsd-invalid', message: `${details.length - MAX_XSD_ISSUES} further schema errors not shown` });
    if (issues.length === 0) issues.push({ code: 'xsd-invalid', message: 'the npsLk01 could not be validated against the StUF-BG schema' });
    return issues;
  }
}

function readStuurgegevens(el: XmlElement): NpsStuurgegevens {
  const out: NpsStuurgegevens = {};
  for (const child of elementChildren(el)) {
    switch (child.name) {
      case 'berichtcode': case 'referentienummer': case 'tijdstipBericht': case 'entiteittype': case 'crossRefnummer': {
        const t = child.content.trim();
        if (t !== '') out[child.name] = t;
        break;
      }
      case 'zender': case 'ontvanger': out[child.name] = readSysteem(child); break;
    }
  }
  return out;
}

function readSysteem(el: XmlElement): StufSysteem {
  const out: StufSysteem = {};
  for (const child of elementChildren(el)) {
    if (child.name === 'organisatie' || child.name === 'applicatie' || child.name === 'administratie' || child.name === 'gebruiker') {
      const t = child.content.trim();
      if (t !== '') out[child.name] = t;
    }
  }
  return out;
}

type EnkelVeld = Exclude<keyof NpsGegevens, 'verblijfsadres' | 'verblijfBuitenland'>;

/** BG element name → NpsGegevens field, for the plain elements of the object. */
const GEGEVENS: Readonly<Record<string, EnkelVeld>> = {
  'inp.bsn': 'bsn',
  'inp.a-nummer': 'anummer',
  geboortedatum: 'geboortedatum',
  overlijdensdatum: 'overlijdensdatum',
  'inp.overlijdenLand': 'overlijdenLand',
  'inp.gemeenteVanInschrijving': 'gemeenteVanInschrijving',
  'inp.datumInschrijving': 'datumInschrijving',
  'inp.datumVestigingInNederland': 'datumVestigingInNederland',
  'inp.datumVertrekUitNederland': 'datumVertrekUitNederland',
  'inp.emigratieLand': 'emigratieLand',
  'inp.datumOpschortingBijhouding': 'datumOpschortingBijhouding',
  'inp.redenOpschortingBijhouding': 'redenOpschortingBijhouding',
  'inp.indicatieGeheim': 'indicatieGeheim',
};

const VERBLIJFSADRES: Readonly<Record<string, keyof NpsVerblijfsadres>> = {
  'aoa.identificatie': 'identificatie',
  'wpl.woonplaatsNaam': 'woonplaatsNaam',
  'gor.openbareRuimteNaam': 'openbareRuimteNaam',
  'aoa.postcode': 'postcode',
  'aoa.huisnummer': 'huisnummer',
  'aoa.huisletter': 'huisletter',
  'aoa.huisnummertoevoeging': 'huisnummertoevoeging',
  'inp.locatiebeschrijving': 'locatiebeschrijving',
  begindatumVerblijf: 'begindatumVerblijf',
};

const VERBLIJF_BUITENLAND: Readonly<Record<string, keyof NpsVerblijfBuitenland>> = {
  'lnd.landcode': 'landcode',
  'sub.adresBuitenland1': 'adresBuitenland1',
  'sub.adresBuitenland2': 'adresBuitenland2',
  'sub.adresBuitenland3': 'adresBuitenland3',
};

/** Children that do not make an object more than its key. */
const SLEUTEL_OF_META = new Set(['inp.bsn', 'inp.a-nummer', 'authentiek']);

/** Format checks whose failure is reported (never with the value): field, element, pattern, issue code, message. */
const FORMATEN: ReadonlyArray<readonly [EnkelVeld, string, RegExp, string, string]> = [
  ['bsn', 'inp.bsn', /^[0-9]{9}$/, 'stuf-bsn', 'inp.bsn is not 9 digits; it is not used as a key'],
  ['anummer', 'inp.a-nummer', /^[0-9]{10}$/, 'stuf-a-nummer', 'inp.a-nummer is not 10 digits; it is not used as a key'],
  ['gemeenteVanInschrijving', 'inp.gemeenteVanInschrijving', /^[0-9]{4}$/, 'stuf-gemeentecode', 'inp.gemeenteVanInschrijving is not a 4-digit gemeentecode'],
];

function readObject(el: XmlElement, path: string, issues: ValidationIssue[]): NpsObject {
  const attrs = stufAttributes(el);
  if (attrs.entiteittype !== undefined && attrs.entiteittype !== 'NPS') {
    issues.push({ code: 'stuf-entiteittype', message: 'object StUF:entiteittype is not NPS', path, line: el.line });
  }
  const gegevens: NpsGegevens = {};
  let alleenSleutel = true;
  for (const child of elementChildren(el)) {
    if (child.namespaceUri !== BG_NAMESPACE) continue; // StUF:tijdvakGeldigheid, extraElementen, …: metadata
    if (!SLEUTEL_OF_META.has(child.name)) alleenSleutel = false;
    const veld = Object.hasOwn(GEGEVENS, child.name) ? GEGEVENS[child.name] : undefined;
    if (veld !== undefined) {
      gegevens[veld] = readWaarde(child);
    } else if (child.name === 'verblijfsadres') {
      gegevens.verblijfsadres = readGroep(child, VERBLIJFSADRES);
    } else if (child.name === 'sub.verblijfBuitenland') {
      gegevens.verblijfBuitenland = readGroep(child, VERBLIJF_BUITENLAND);
    }
  }
  for (const [veld, element, patroon, code, message] of FORMATEN) {
    const w = gegevens[veld];
    if (w !== undefined && w.waarde !== null && w.waarde.trim() !== '' && !patroon.test(w.waarde.trim())) {
      issues.push({ code, message, path: `${path}/${element}` });
    }
  }
  return {
    ...(attrs.verwerkingssoort ? { verwerkingssoort: attrs.verwerkingssoort } : {}),
    ...(attrs.sleutelVerzendend ? { sleutelVerzendend: attrs.sleutelVerzendend } : {}),
    ...(attrs.sleutelOntvangend ? { sleutelOntvangend: attrs.sleutelOntvangend } : {}),
    gegevens,
    alleenSleutel,
  };
}

function readGroep<T extends string>(el: XmlElement, velden: Readonly<Record<string, T>>): Partial<Record<T, StufWaarde>> {
  const out: Partial<Record<T, StufWaarde>> = {};
  for (const child of elementChildren(el)) {
    if (child.namespaceUri !== BG_NAMESPACE || !Object.hasOwn(velden, child.name)) continue;
    out[velden[child.name]!] = readWaarde(child);
  }
  return out;
}

function readWaarde(el: XmlElement): StufWaarde {
  let nil = false;
  let noValue: string | undefined;
  let indOnvolledigeDatum: string | undefined;
  for (const a of el.attrs) {
    if (a.namespaceUri === XSI_NAMESPACE && a.name === 'nil') nil = a.value.trim() === 'true' || a.value.trim() === '1';
    else if (a.namespaceUri === STUF_NAMESPACE && a.name === 'noValue') noValue = a.value.trim();
    else if (a.namespaceUri === STUF_NAMESPACE && a.name === 'indOnvolledigeDatum') indOnvolledigeDatum = a.value.trim();
  }
  if (nil || noValue !== undefined) {
    return { waarde: null, geenWaarde: noValue !== undefined && GEEN_WAARDE.has(noValue) ? noValue as StufGeenWaarde : 'nil' };
  }
  const ind = indOnvolledigeDatum === 'J' || indOnvolledigeDatum === 'M' || indOnvolledigeDatum === 'D' || indOnvolledigeDatum === 'V' ? indOnvolledigeDatum : undefined;
  return { waarde: el.content, ...(ind ? { indOnvolledigeDatum: ind } : {}) };
}

function stufAttributes(el: XmlElement): { entiteittype?: string; verwerkingssoort?: string; sleutelVerzendend?: string; sleutelOntvangend?: string } {
  const out: { entiteittype?: string; verwerkingssoort?: string; sleutelVerzendend?: string; sleutelOntvangend?: string } = {};
  for (const a of el.attrs) {
    if (a.namespaceUri !== STUF_NAMESPACE) continue;
    if (a.name === 'entiteittype' || a.name === 'verwerkingssoort' || a.name === 'sleutelVerzendend' || a.name === 'sleutelOntvangend') out[a.name] = a.value;
  }
  return out;
}

/** Every 9-digit BG inp.bsn under `el` (the person and gerelateerden), distinct, in document order. */
function collectBsns(el: XmlElement): string[] {
  const found = new Set<string>();
  const visit = (node: XmlElement) => {
    for (const child of elementChildren(node)) {
      if (child.name === 'inp.bsn' && child.namespaceUri === BG_NAMESPACE) {
        const t = child.content.trim();
        if (/^[0-9]{9}$/.test(t)) found.add(t);
      } else {
        visit(child);
      }
    }
  };
  visit(el);
  return [...found];
}

// By XPath, not by walking firstChild/next: libxml2-wasm's processing-instruction node has no `next`,
// so a walk stopped (and threw) at a `<?pi?>` between elements, which the XSD allows anywhere.
const ELEMENT_CHILDREN = XmlXPath.compile('*');

function elementChildren(el: XmlElement): XmlElement[] {
  return el.find(ELEMENT_CHILDREN).filter((n): n is XmlElement => n instanceof XmlElement);
}

function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return elementChildren(el).find((c) => c.name === name);
}
