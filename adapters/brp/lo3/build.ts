// Ap01 (plaatsen afnemersindicatie) and Av01 (verwijderen afnemersindicatie): the two LO3 messages an
// afnemer sends to BRP-V. Rules from OBRP-M impl/Ap01Bericht.java, PersoonsidentificatieValidator.java
// and Av01Bericht.java (research/brp.md §6). parseLo3 of the result gives back { randomKey, bericht }.
import { Lo3BuildError } from './errors.ts';
import type { Ap01Bericht, Av01Bericht, CategorieCode, Elementen, PlData } from './model.ts';
import { serializeLo3 } from './serialize.ts';

export interface BuildOptions {
  /** 8 digits; default `00000000`. */
  randomKey?: string;
}

/** Rubrieken of which an Ap01 must carry at least one, non-empty (current 01/08, or historic 51). */
const IDENTIFICERENDE_RUBRIEKEN = {
  actueel: { c01: ['e0110', 'e0120', 'e0240'], c08: ['e1160'] },
  historisch: { c01: ['e0110', 'e0120', 'e0240'] },
} as const;

/** Formats checked wherever these elements appear (an empty value is left alone). */
const FORMATEN: Readonly<Record<string, { pattern: RegExp; expected: string }>> = {
  e0110: { pattern: /^[0-9]{10}$/, expected: 'A-nummer of 10 digits' },
  e0120: { pattern: /^[0-9]{9}$/, expected: 'burgerservicenummer of 9 digits' },
  e0310: { pattern: /^[0-9]{8}$/, expected: 'geboortedatum JJJJMMDD' },
  e1160: { pattern: /^[0-9]{4}[A-Z]{2}$/, expected: 'postcode 9999XX' },
};

export function buildAp01(bericht: Ap01Bericht, options: BuildOptions = {}): Buffer {
  expectBerichtType(bericht.berichtType, 'Ap01');
  forEachVoorkomen(bericht.plData, (elementen, path) => {
    checkFormaten(elementen, path);
    if (Object.hasOwn(elementen, 'e8410')) {
      throw new Lo3BuildError('INVALID_VALUE', `${path}.e8410`, 'no indicatie onjuist (84.10) in an Ap01', 'e8410');
    }
  });
  if (!heeftIdentificatie(bericht.plData)) {
    throw new Lo3BuildError('MISSING_IDENTIFICATION', 'plData',
      'at least one non-empty 01.01.10, 01.01.20, 01.02.40, 08.11.60, 51.01.10, 51.01.20 or 51.02.40', 'none');
  }
  return serializeLo3(bericht, options.randomKey);
}

/** Av01 identifies the person by A-nummer only: plData must be exactly `{ c01: [{ e0110 }] }`. */
export function buildAv01(bericht: Av01Bericht, options: BuildOptions = {}): Buffer {
  expectBerichtType(bericht.berichtType, 'Av01');
  const categorieen = Object.keys(bericht.plData);
  const stapels = bericht.plData.c01;
  const stapel = stapels?.[0];
  if (stapel === undefined || stapel.e0110 === undefined || stapel.e0110 === '') {
    throw new Lo3BuildError('MISSING_IDENTIFICATION', 'plData.c01[0].e0110', 'the A-nummer (01.01.10)', 'none');
  }
  const extra = categorieen.length !== 1 || stapels!.length !== 1 || Object.keys(stapel).length !== 1;
  if (extra) {
    throw new Lo3BuildError('INVALID_VALUE', 'plData', 'only 01.01.10 in an Av01', `${categorieen.join(', ')} with more than e0110`);
  }
  checkFormaten(stapel, 'plData.c01[0]');
  return serializeLo3(bericht, options.randomKey);
}

function expectBerichtType(actual: string, expected: 'Ap01' | 'Av01'): void {
  if (actual !== expected) throw new Lo3BuildError('INVALID_HEADER_FIELD', 'berichtType', expected, actual);
}

function heeftIdentificatie(plData: PlData): boolean {
  const gevuld = (elementen: Elementen | undefined, codes: readonly string[]) =>
    elementen !== undefined && codes.some((code) => (elementen as Record<string, string | undefined>)[code]?.length);
  for (const [categorie, codes] of Object.entries(IDENTIFICERENDE_RUBRIEKEN.actueel)) {
    if (plData[categorie as CategorieCode]?.some((stapel) => gevuld(stapel, codes))) return true;
  }
  for (const [categorie, codes] of Object.entries(IDENTIFICERENDE_RUBRIEKEN.historisch)) {
    if (plData[categorie as CategorieCode]?.some((stapel) => stapel.historie?.some((h) => gevuld(h, codes)))) return true;
  }
  return false;
}

function forEachVoorkomen(plData: PlData, visit: (elementen: Elementen, path: string) => void): void {
  for (const [categorie, stapels] of Object.entries(plData)) {
    stapels.forEach((stapel, s) => {
      const { historie, ...actueel } = stapel;
      visit(actueel, `plData.${categorie}[${s}]`);
      historie?.forEach((h, i) => visit(h, `plData.${categorie}[${s}].historie[${i}]`));
    });
  }
}

function checkFormaten(elementen: Elementen, path: string): void {
  for (const [code, formaat] of Object.entries(FORMATEN)) {
    const waarde = (elementen as Record<string, string | undefined>)[code];
    if (waarde !== undefined && waarde !== '' && !formaat.pattern.test(waarde)) {
      throw new Lo3BuildError('INVALID_VALUE', `${path}.${code}`, formaat.expected, `${waarde.length} characters`);
    }
  }
}
