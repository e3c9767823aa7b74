// The JSON form of the RvIG BRP Berichten API (openapi.brp-berichten-api-v1.yaml, berichten.schema.json 2026Q4)
// → the same RvIG model parseLo3 gives. Accepted shapes:
//   1. a BerichtInhoud:                  { "berichtType": "Gv01", "aNummer": …, "plData": {…} }
//   2. one fetched or sent message:      { "berichtKenmerken": {…}, "berichtInhoud": {…} }
//   3. a get-message answer (GET /berichten/{id}) with exactly one opgehaald bericht.
// Checked against the schema: header fields (length), plData categories, elements per category and
// historie, element length/pattern; unknown fields are refused, as the schema's
// additionalProperties/unevaluatedProperties false demand.
import { KOP_VELDEN, isBerichtnummer, BERICHTNUMMERS } from '../lo3/kop.ts';
import type { ElementCode, Elementen, Lo3Bericht, PlData, Stapel } from '../lo3/model.ts';
import { BerichtenApiError, describeJson } from './errors.ts';
import {
  CATEGORIEEN, CATEGORIEEN_PERSOONSLIJST, ELEMENT_REGELS, ELEMENT_REGELS_PERSOONSLIJST,
  type CategorieRegel, type ElementRegel,
} from './schema-tabel.ts';

/** The transport metadata of a message (BerichtKenmerken / ListMessageKenmerken), as far as given. */
export interface BerichtKenmerken {
  berichtId?: string;
  verwijzingBerichtId?: string;
  berichtType?: string;
  berichtTransportId?: string;
  berichtVolgnummer?: number;
  afzender?: number;
  ontvanger?: number;
  dtOntvangen?: string;
}

export interface BerichtenApiBericht {
  bericht: Lo3Bericht;
  kenmerken?: BerichtKenmerken;
}

type Json = Record<string, unknown>;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the bytes (UTF-8 JSON) of one Berichten API message. Throws BerichtenApiError. */
export function parseBerichtenApiJson(body: Uint8Array | string): BerichtenApiBericht {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = UTF8.decode(body);
    } catch {
      throw new BerichtenApiError('JSON_MALFORMED', '$', 'UTF-8 JSON', 'bytes that are not UTF-8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // Never the parser's message: it quotes the input around the fault.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new BerichtenApiError('JSON_MALFORMED', '$', 'a JSON document', at === undefined ? 'invalid JSON' : `invalid JSON at character ${at}`);
  }
  return readBerichtenApiJson(json);
}

/** The same, from JSON already parsed. */
export function readBerichtenApiJson(json: unknown): BerichtenApiBericht {
  const root = object(json, '$', 'NOT_A_MESSAGE');
  if (Object.hasOwn(root, 'opgehaaldeBerichten')) {
    const lijst = root.opgehaaldeBerichten;
    if (!Array.isArray(lijst) || lijst.length !== 1) {
      throw new BerichtenApiError('NOT_ONE_MESSAGE', '$.opgehaaldeBerichten', 'exactly one opgehaald bericht', describeJson(lijst));
    }
    return readEnvelope(object(lijst[0], '$.opgehaaldeBerichten[0]', 'NOT_A_MESSAGE'), '$.opgehaaldeBerichten[0]');
  }
  if (Object.hasOwn(root, 'berichtInhoud')) return readEnvelope(root, '$');
  if (Object.hasOwn(root, 'berichtType')) return { bericht: readBerichtInhoud(root, '$') };
  throw new BerichtenApiError('NOT_A_MESSAGE', '$', 'a BerichtInhoud (berichtType …) or an object with berichtInhoud', 'an object without either');
}

function readEnvelope(envelope: Json, path: string): BerichtenApiBericht {
  for (const key of Object.keys(envelope)) {
    if (key !== 'berichtKenmerken' && key !== 'berichtInhoud') {
      throw new BerichtenApiError('UNKNOWN_FIELD', `${path}.${key}`, 'berichtKenmerken and berichtInhoud only', 'another field');
    }
  }
  const bericht = readBerichtInhoud(envelope.berichtInhoud, `${path}.berichtInhoud`);
  if (!Object.hasOwn(envelope, 'berichtKenmerken')) return { bericht };
  const kenmerken = readKenmerken(object(envelope.berichtKenmerken, `${path}.berichtKenmerken`, 'INVALID_FIELD'), `${path}.berichtKenmerken`);
  if (kenmerken.berichtType !== undefined && kenmerken.berichtType.toLowerCase() !== bericht.berichtType.toLowerCase()) {
    throw new BerichtenApiError('INCONSISTENT', `${path}.berichtKenmerken.berichtType`, `the berichtType of berichtInhoud (${bericht.berichtType})`, 'another berichtType');
  }
  return { bericht, kenmerken };
}

/** One BerichtInhoud (berichten.schema.json $defs/berichtsoorten) → the RvIG model, `$schema` dropped. */
export function readBerichtInhoud(value: unknown, path = '$'): Lo3Bericht {
  const inhoud = object(value, path, 'NOT_A_MESSAGE');
  const berichtType = inhoud.berichtType;
  if (typeof berichtType !== 'string') {
    throw new BerichtenApiError(Object.hasOwn(inhoud, 'berichtType') ? 'INVALID_FIELD' : 'MISSING_FIELD', `${path}.berichtType`, 'a string', describeJson(berichtType));
  }
  if (!isBerichtnummer(berichtType)) {
    const shown = /^[A-Za-z]{2}[0-9]{2}$/.test(berichtType) || berichtType === 'Null' ? berichtType : describeJson(berichtType);
    throw new BerichtenApiError('UNKNOWN_MESSAGE', `${path}.berichtType`, `one of ${BERICHTNUMMERS.join(', ')}`, shown);
  }

  const velden = KOP_VELDEN[berichtType];
  const inhoudVeld = berichtType === 'Vb01' ? 'vrijeTekst' : 'plData';
  const toegestaan = new Set<string>(['$schema', 'berichtType', inhoudVeld, ...velden.map((v) => v.naam)]);
  for (const key of Object.keys(inhoud)) {
    if (!toegestaan.has(key)) throw new BerichtenApiError('UNKNOWN_FIELD', `${path}.${key}`, `only the fields of a ${berichtType}Bericht`, 'another field');
  }
  if (Object.hasOwn(inhoud, '$schema') && typeof inhoud.$schema !== 'string') {
    throw new BerichtenApiError('INVALID_FIELD', `${path}.$schema`, 'a string', describeJson(inhoud.$schema));
  }

  const bericht: Record<string, unknown> = { berichtType };
  for (const veld of velden) {
    const v = inhoud[veld.naam];
    const veldPath = `${path}.${veld.naam}`;
    if (v === undefined) throw new BerichtenApiError('MISSING_FIELD', veldPath, `${veld.naam} (a string of at most ${veld.lengte})`, 'nothing');
    // berichtkoppen: status and foutreden have minLength 1, every other header field minLength 0.
    const min = veld.naam === 'status' || veld.naam === 'foutreden' ? 1 : 0;
    if (typeof v !== 'string' || v.length < min || v.length > veld.lengte) {
      throw new BerichtenApiError('INVALID_FIELD', veldPath, `a string of ${min} to ${veld.lengte} characters`, describeJson(v));
    }
    bericht[veld.naam] = v;
  }

  const inhoudPath = `${path}.${inhoudVeld}`;
  if (!Object.hasOwn(inhoud, inhoudVeld)) throw new BerichtenApiError('MISSING_FIELD', inhoudPath, inhoudVeld, 'nothing');
  if (inhoudVeld === 'vrijeTekst') {
    if (typeof inhoud.vrijeTekst !== 'string') throw new BerichtenApiError('INVALID_FIELD', inhoudPath, 'a string', describeJson(inhoud.vrijeTekst));
    bericht.vrijeTekst = inhoud.vrijeTekst;
  } else {
    // Lg01 carries a whole persoonslijst (persoonslijst.schema.json); every other message persoonslijst-data.
    const lg01 = berichtType === 'Lg01';
    bericht.plData = readPlData(inhoud.plData, inhoudPath,
      lg01 ? CATEGORIEEN_PERSOONSLIJST : CATEGORIEEN, lg01 ? ELEMENT_REGELS_PERSOONSLIJST : ELEMENT_REGELS);
  }
  return bericht as unknown as Lo3Bericht;
}

function readPlData(value: unknown, path: string, categorieen: Readonly<Record<string, CategorieRegel>>, regels: Readonly<Record<string, ElementRegel>>): PlData {
  const plData: PlData = {};
  for (const [categorie, stapels] of Object.entries(object(value, path, 'INVALID_FIELD'))) {
    const regel = Object.hasOwn(categorieen, categorie) ? categorieen[categorie] : undefined;
    const catPath = `${path}.${categorie}`;
    if (regel === undefined) throw new BerichtenApiError('UNKNOWN_CATEGORY', catPath, 'a category c01–c17 or c21', 'another key');
    if (!Array.isArray(stapels) || stapels.length === 0 || (!regel.herhaalbaar && stapels.length > 1)) {
      throw new BerichtenApiError('INVALID_STACKS', catPath, regel.herhaalbaar ? 'an array of at least one stack' : 'an array of exactly one stack', describeJson(stapels));
    }
    plData[categorie as `c${string}`] = stapels.map((s, i) => readStapel(s, `${catPath}[${i}]`, regel, regels));
  }
  return plData;
}

function readStapel(value: unknown, path: string, categorie: CategorieRegel, regels: Readonly<Record<string, ElementRegel>>): Stapel {
  const bron = object(value, path, 'INVALID_STACKS');
  const stapel: Stapel = {};
  for (const [key, v] of Object.entries(bron)) {
    if (key === 'historie') {
      if (categorie.historie === null) throw new BerichtenApiError('UNKNOWN_FIELD', `${path}.historie`, 'no historie in this category', 'historie');
      if (!Array.isArray(v) || v.length === 0) throw new BerichtenApiError('INVALID_STACKS', `${path}.historie`, 'an array of at least one occurrence', describeJson(v));
      const toegestaan = categorie.historie;
      stapel.historie = v.map((h, i) => readVoorkomen(object(h, `${path}.historie[${i}]`, 'INVALID_STACKS'), `${path}.historie[${i}]`, toegestaan, regels, {}));
    } else {
      readElement(stapel, key, v, path, categorie.elementen, regels);
    }
  }
  return stapel;
}

function readVoorkomen(bron: Json, path: string, toegestaan: readonly string[], regels: Readonly<Record<string, ElementRegel>>, doel: Elementen): Elementen {
  for (const [key, v] of Object.entries(bron)) readElement(doel, key, v, path, toegestaan, regels);
  return doel;
}

function readElement(doel: Elementen, key: string, v: unknown, path: string, toegestaan: readonly string[], regels: Readonly<Record<string, ElementRegel>>): void {
  const elPath = `${path}.${key}`;
  if (!toegestaan.includes(key)) throw new BerichtenApiError('UNKNOWN_ELEMENT', elPath, 'an element of this category', 'another key');
  if (typeof v !== 'string') throw new BerichtenApiError('INVALID_VALUE', elPath, 'a string', describeJson(v));
  const regel = regels[key];
  if (regel !== undefined) {
    if ((regel.min !== undefined && v.length < regel.min) || (regel.max !== undefined && v.length > regel.max)) {
      throw new BerichtenApiError('INVALID_VALUE', elPath, `${regel.min ?? 0} to ${regel.max ?? '∞'} characters`, describeJson(v));
    }
    if (regel.patroon !== undefined && !regel.patroon.test(v)) {
      throw new BerichtenApiError('INVALID_VALUE', elPath, `a value matching ${regel.patroon.source}`, `${describeJson(v)} that does not`);
    }
  }
  doel[key as ElementCode] = v;
}

function readKenmerken(k: Json, path: string): BerichtKenmerken {
  const out: BerichtKenmerken = {};
  const tekst = (naam: 'berichtId' | 'verwijzingBerichtId' | 'berichtType' | 'berichtTransportId' | 'dtOntvangen', max: number) => {
    const v = k[naam];
    if (v === undefined) return;
    if (typeof v !== 'string' || v.length > max) throw new BerichtenApiError('INVALID_FIELD', `${path}.${naam}`, `a string of at most ${max} characters`, describeJson(v));
    out[naam] = v;
  };
  const getal = (naam: 'berichtVolgnummer' | 'afzender' | 'ontvanger', max: number) => {
    const v = k[naam];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new BerichtenApiError('INVALID_FIELD', `${path}.${naam}`, `an integer 0–${max}`, describeJson(v));
    out[naam] = v;
  };
  tekst('berichtId', 12);
  tekst('verwijzingBerichtId', 12);
  tekst('berichtType', 4);
  tekst('berichtTransportId', 36);
  tekst('dtOntvangen', 64);
  getal('berichtVolgnummer', Number.MAX_SAFE_INTEGER);
  getal('afzender', 9_999_999);
  getal('ontvanger', 9_999_999);
  return out;
}

function object(value: unknown, path: string, code: 'NOT_A_MESSAGE' | 'INVALID_FIELD' | 'INVALID_STACKS'): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BerichtenApiError(code, path, 'an object', describeJson(value));
  }
  return value as Json;
}
