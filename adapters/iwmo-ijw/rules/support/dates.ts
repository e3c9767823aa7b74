/**
 * A date as the official XSLT compares it: the digits of YYYY-MM-DD as one number (2023-08-13 → 20230813).
 * Valid for every date an XSD-valid message can hold (LDT_Datum: xs:date without timezone, 4-digit years).
 */
export function dateNum(date: string): number {
  // The common YYYY-MM-DD from its character codes: the date rules run this for every prestatie of a
  // 10,000-line declaratie, where replaceAll + Number cost more than the rules themselves.
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    return (date.charCodeAt(0) - 48) * 10000000 + (date.charCodeAt(1) - 48) * 1000000 + (date.charCodeAt(2) - 48) * 100000
      + (date.charCodeAt(3) - 48) * 10000 + (date.charCodeAt(5) - 48) * 1000 + (date.charCodeAt(6) - 48) * 100
      + (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  }
  return Number(date.replaceAll('-', ''));
}

/** a is later than b. */
export const isAfter = (a: string, b: string): boolean => dateNum(a) > dateNum(b);

/** Year, month (1–12) and day of an XSD-valid LDT_Datum. */
export function dateParts(date: string): [year: number, month: number, day: number] {
  const n = dateNum(date);
  return [Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100];
}

const fromParts = (y: number, m: number, d: number): number => y * 10000 + m * 100 + d;

/** Days in a calendar month (Gregorian). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `days` days later, as a YYYYMMDD number. */
export function addDays(date: string, days: number): number {
  const [y, m, d] = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * The date `months` months later (negative: earlier), as a YYYYMMDD number, as the official XSLT's addMonths
 * computes it: a day past the end of the target month either carries into the next month (2023-01-31 + 1 →
 * 2023-03-03) or is truncated to the month's last day (2024-02-29 − 60 → 2019-02-28).
 */
export function addMonths(date: string, months: number, overflow: 'carry' | 'truncate'): number {
  const [y, m, d] = dateParts(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12), tm = (total % 12) + 1;
  const last = daysInMonth(ty, tm);
  if (d <= last) return fromParts(ty, tm, d);
  if (overflow === 'truncate') return fromParts(ty, tm, last);
  const t = new Date(Date.UTC(ty, tm - 1, d));
  return fromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
