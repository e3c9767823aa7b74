// The algemeen erkende feestdagen of the Algemene termijnenwet (Atw, Stb. 1964, 314), art. 3:
//   lid 1: "de Nieuwjaarsdag, de Christelijke tweede Paas- en Pinksterdag, de beide Kerstdagen, de
//           Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd en de vijfde mei";
//   lid 2: "Voor de toepassing van deze wet wordt de Goede Vrijdag met de in het vorige lid genoemde dagen
//           gelijkgesteld."
// So Goede Vrijdag counts, and 5 mei (Bevrijdingsdag) counts every year, not only in lustrum years.
// Sources: text of art. 3 quoted at https://www.juridischwoordenboek.nl/zoek/Algemene+Termijnenwet+(ATW)
// and https://nl.wikipedia.org/wiki/Algemene_termijnenwet (retrieved for this module).
// Not included: the extra days a Koninklijk Besluit gelijkstelt under art. 3 lid 3 every few years (bridge
// days such as the Friday after Hemelvaartsdag, e.g. 30 mei 2025, 15 mei 2026). They are published, not
// computable, and the iStandaarden speak of plain "werkdagen"; they stay working days here.
// Koningsdag: 27 April, or Saturday 26 April when the 27th is a Sunday (the rule since 2014; before that
// the day was Koninginnedag on 30 April), hence years before 2014 are refused.
import { dayNumberOf, type CivilDate, civilDateOf, weekdayOf } from './civil-date.ts';
import { DeadlineError } from './deadline-error.ts';

export const FIRST_SUPPORTED_YEAR = 2014;
export const LAST_SUPPORTED_YEAR = 9999;

export type FeestdagNaam =
  | 'Nieuwjaarsdag' | 'Goede Vrijdag' | 'Tweede Paasdag' | 'Koningsdag' | 'Bevrijdingsdag'
  | 'Hemelvaartsdag' | 'Tweede Pinksterdag' | 'Eerste Kerstdag' | 'Tweede Kerstdag';

export interface Feestdag {
  datum: CivilDate;
  naam: FeestdagNaam;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher), as a day number. */
function easterDayNumber(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumberOf(year, month, day);
}

/** Easter Sunday (Eerste Paasdag) of a year, 'YYYY-MM-DD'. */
export function easterSunday(year: number): CivilDate {
  checkYear(year);
  return civilDateOf(easterDayNumber(year));
}

function koningsdag(year: number): number {
  const april27 = dayNumberOf(year, 4, 27);
  return weekdayOf(april27) === 0 ? april27 - 1 : april27;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new DeadlineError(
      'DEADLINE_YEAR_OUT_OF_RANGE',
      `year ${year} is outside ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}, the years whose Koningsdag rule this calendar knows`,
    );
  }
}

function feestdagNumbers(year: number): Array<[number, FeestdagNaam]> {
  checkYear(year);
  const easter = easterDayNumber(year);
  return [
    [dayNumberOf(year, 1, 1), 'Nieuwjaarsdag'],
    [easter - 2, 'Goede Vrijdag'],
    [easter + 1, 'Tweede Paasdag'],
    [koningsdag(year), 'Koningsdag'],
    [dayNumberOf(year, 5, 5), 'Bevrijdingsdag'],
    [easter + 39, 'Hemelvaartsdag'],
    [easter + 50, 'Tweede Pinksterdag'],
    [dayNumberOf(year, 12, 25), 'Eerste Kerstdag'],
    [dayNumberOf(year, 12, 26), 'Tweede Kerstdag'],
  ];
}

/** The Atw feestdagen of a year in date order (Eerste Paas- and Pinksterdag are Sundays and not listed). */
export function feestdagen(year: number): Feestdag[] {
  return feestdagNumbers(year)
    .sort(([a], [b]) => a - b)
    .map(([n, naam]) => ({ datum: civilDateOf(n), naam }));
}

const cache = new Map<number, ReadonlySet<number>>();

/** The feestdagen of `year` as day numbers, computed once per year. */
export function feestdagSet(year: number): ReadonlySet<number> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(feestdagNumbers(year).map(([n]) => n));
    cache.set(year, set);
  }
  return set;
}
