// RvIG JSON model → raw LO3 bytes: the inverse of parseLo3. Used by the Ap01/Av01 builders.
import { padDigits } from './digits.ts';
import { Lo3BuildError } from './errors.ts';
import { BERICHTLENGTE_LENGTE, KOP_VELDEN, heeftVrijeTekst, isActueleCategorie, isBerichtnummer } from './kop.ts';
import type { Elementen, KopVeld, Lo3Bericht, PlData } from './model.ts';
import { encodeTeletex } from './teletex.ts';

const MAX_WAARDE = 999;
const MAX_CATEGORIE = 999;
const MAX_BERICHT = 10 ** BERICHTLENGTE_LENGTE - 1;

/**
 * Writes `bericht` as LO3. Each stack gives its current category (left out when it has no elements but
 * has historie, as in an Af01 that carries only 51) followed by its historic occurrences.
 */
export function serializeLo3(bericht: Lo3Bericht, randomKey = '00000000'): Buffer {
  if (!/^[0-9]{8}$/.test(randomKey)) {
    throw new Lo3BuildError('INVALID_HEADER_FIELD', 'randomKey', '8 digits', describeText(randomKey));
  }
  const berichtnummer: string = bericht.berichtType;
  if (!isBerichtnummer(berichtnummer)) {
    throw new Lo3BuildError('INVALID_HEADER_FIELD', 'berichtType', 'a supported berichtnummer', describeText(berichtnummer));
  }
  let kop = randomKey + berichtnummer;
  const velden = bericht as unknown as Record<string, unknown>;
  for (const veld of KOP_VELDEN[berichtnummer]) kop += kopVeld(velden[veld.naam], veld);

  const inhoud = heeftVrijeTekst(berichtnummer)
    ? encodeTeletex(String(velden.vrijeTekst ?? ''), 'vrijeTekst')
    : plDataBytes(velden.plData as PlData);
  if (inhoud.length > MAX_BERICHT) {
    throw new Lo3BuildError('TOO_LONG', 'plData', `a body of at most ${MAX_BERICHT} bytes`, `${inhoud.length} bytes`);
  }
  return Buffer.concat([Buffer.from(kop + padDigits(inhoud.length, BERICHTLENGTE_LENGTE), 'latin1'), inhoud]);
}

function kopVeld(value: unknown, veld: KopVeld): string {
  const pattern = veld.soort === 'numeriek' ? /^[0-9]*$/ : /^[A-Za-z0-9 ]*$/;
  if (typeof value !== 'string' || value.length !== veld.lengte || !pattern.test(value)) {
    const kind = veld.soort === 'numeriek' ? 'digits' : 'characters A–Z, a–z, 0–9 or space';
    throw new Lo3BuildError('INVALID_HEADER_FIELD', veld.naam, `${veld.lengte} ${kind}`, describeText(value));
  }
  return value;
}

function plDataBytes(plData: PlData): Buffer {
  if (typeof plData !== 'object' || plData === null) {
    throw new Lo3BuildError('INVALID_VALUE', 'plData', 'an object of categories', typeof plData);
  }
  const parts: Buffer[] = [];
  for (const [key, stapels] of Object.entries(plData)) {
    const categorie = /^c[0-9]{2}$/.test(key) ? Number(key.slice(1)) : NaN;
    if (!isActueleCategorie(categorie)) {
      throw new Lo3BuildError('UNKNOWN_CATEGORY', `plData.${key}`, 'c01–c17 or c21', 'another key');
    }
    if (!Array.isArray(stapels)) throw new Lo3BuildError('INVALID_VALUE', `plData.${key}`, 'an array of stacks', typeof stapels);
    stapels.forEach((stapel, s) => {
      const path = `plData.${key}[${s}]`;
      const { historie, ...actueel } = stapel;
      if (historie !== undefined && (!Array.isArray(historie) || historie.length === 0)) {
        // an empty array could not come back from a parse: leave `historie` out instead
        throw new Lo3BuildError('INVALID_VALUE', `${path}.historie`, 'a non-empty array of occurrences', Array.isArray(historie) ? 'an empty array' : typeof historie);
      }
      if (historie === undefined || Object.keys(actueel).length > 0) parts.push(categorieBytes(categorie, actueel, path));
      historie?.forEach((voorkomen, h) => parts.push(categorieBytes(categorie + 50, voorkomen, `${path}.historie[${h}]`)));
    });
  }
  return Buffer.concat(parts);
}

function categorieBytes(categorie: number, elementen: Elementen, path: string): Buffer {
  const parts: Buffer[] = [];
  let lengte = 0;
  for (const [code, waarde] of Object.entries(elementen)) {
    if (!/^e[0-9]{4}$/.test(code)) throw new Lo3BuildError('INVALID_ELEMENT_CODE', `${path}.${code}`, 'eGGEE (4 digits)', 'another key');
    if (typeof waarde !== 'string') throw new Lo3BuildError('INVALID_VALUE', `${path}.${code}`, 'a string', typeof waarde);
    const bytes = encodeTeletex(waarde, `${path}.${code}`);
    if (bytes.length > MAX_WAARDE) {
      throw new Lo3BuildError('TOO_LONG', `${path}.${code}`, `at most ${MAX_WAARDE} bytes`, `${bytes.length} bytes`);
    }
    const kop = Buffer.from(code.slice(1) + padDigits(bytes.length, 3), 'latin1');
    parts.push(kop, bytes);
    lengte += kop.length + bytes.length;
  }
  if (lengte > MAX_CATEGORIE) {
    throw new Lo3BuildError('TOO_LONG', path, `a category of at most ${MAX_CATEGORIE} bytes`, `${lengte} bytes`);
  }
  return Buffer.concat([Buffer.from(padDigits(categorie, 2) + padDigits(lengte, 3), 'latin1'), ...parts]);
}

/** Says what a bad header value looks like without repeating it (it may be an A-nummer). */
function describeText(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const kind = /^[0-9]*$/.test(value) ? 'digits' : 'characters, not all digits';
  return `${value.length} ${kind}`;
}
