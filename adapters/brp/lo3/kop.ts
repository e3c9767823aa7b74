// Fixed LO3 layout: random key(8) + berichtnummer(4) + type-specific header + berichtlengte(5) + body.
// Header fields per message type: research/brp.md §1, OBRP-M impl/*Bericht.java and Lo3HeaderVeld.java.
import type { Berichtnummer, KopVeld } from './model.ts';

export const RANDOM_KEY_LENGTE = 8;
export const BERICHTNUMMER_LENGTE = 4;
export const BERICHTLENGTE_LENGTE = 5;

const herhaling: KopVeld = { naam: 'herhaling', lengte: 1, soort: 'numeriek' };
const status: KopVeld = { naam: 'status', lengte: 1, soort: 'alfanumeriek' };
const datum: KopVeld = { naam: 'datum', lengte: 8, soort: 'numeriek' };
const foutreden: KopVeld = { naam: 'foutreden', lengte: 1, soort: 'alfanumeriek' };
const gemeente: KopVeld = { naam: 'gemeente', lengte: 4, soort: 'numeriek' };
const aNummer: KopVeld = { naam: 'aNummer', lengte: 10, soort: 'numeriek' };
const datumGeldigheid: KopVeld = { naam: 'datumGeldigheid', lengte: 8, soort: 'numeriek' };
const datumTijd: KopVeld = { naam: 'datumTijd', lengte: 17, soort: 'numeriek' };
const oudANummer: KopVeld = { naam: 'oudANummer', lengte: 10, soort: 'numeriek' };

/** The header fields between berichtnummer and berichtlengte, in byte order. */
export const KOP_VELDEN: Readonly<Record<Berichtnummer, readonly KopVeld[]>> = {
  Ap01: [herhaling],
  Av01: [herhaling],
  Ag01: [status, datum],
  Ag11: [status, datum],
  Ag21: [status, datum],
  Ag31: [status, datum],
  Ha01: [status, datum],
  Af01: [foutreden, gemeente, aNummer],
  Af11: [foutreden, gemeente, aNummer],
  Gv01: [aNummer],
  Gv02: [aNummer],
  Ng01: [],
  Wa11: [aNummer, datumGeldigheid],
  Lg01: [datumTijd, aNummer, oudANummer],
  Vb01: [],
};

export const BERICHTNUMMERS = Object.keys(KOP_VELDEN) as Berichtnummer[];

export function isBerichtnummer(value: string): value is Berichtnummer {
  return Object.hasOwn(KOP_VELDEN, value);
}

/** Vb01 carries free text; every other supported type carries categories. */
export function heeftVrijeTekst(berichtnummer: Berichtnummer): boolean {
  return berichtnummer === 'Vb01';
}

/** Current categories of the persoonslijst (RvIG persoonslijst-data.schema.json: c01–c17, c21). */
export function isActueleCategorie(categorie: number): boolean {
  return (categorie >= 1 && categorie <= 17) || categorie === 21;
}

/** Historic categories are the current ones + 50 (51–67, 71). */
export function isHistorischeCategorie(categorie: number): boolean {
  return categorie > 50 && isActueleCategorie(categorie - 50);
}

export function isAlfanumeriekeKopByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x20;
}
