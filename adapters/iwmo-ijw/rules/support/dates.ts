/**
 * A date as the official XSLT compares it: the digits of YYYY-MM-DD as one number (2023-08-13 → 20230813).
 * Valid for every date an XSD-valid message can hold (LDT_Datum: xs:date without timezone, 4-digit years).
 */
export function dateNum(date: string): number {
  return Number(date.replaceAll('-', ''));
}

/** a is later than b. */
export const isAfter = (a: string, b: string): boolean => dateNum(a) > dateNum(b);
