// Calendar dates 'YYYY-MM-DD' as a Dutch subscriber means them: in Europe/Amsterdam.

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date in Amsterdam at `at` (default now). */
export function amsterdamDate(at: number | Date = Date.now()): string {
  return AMSTERDAM_DAY.format(at);
}

/** True for a real calendar date written YYYY-MM-DD (2025-02-29 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Active on `today`: not ended, and no einddatum on or before today (einddatum is the first inactive day). */
export function isActiveOn(v: { status: string; einddatum: string | null }, today: string): boolean {
  return v.status !== 'beeindigd' && (v.einddatum === null || v.einddatum > today);
}
