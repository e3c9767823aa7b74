// Dutch working days: Monday to Friday, except the feestdagen of the Algemene termijnenwet (feestdagen.ts).
// Dates are Europe/Amsterdam calendar dates; a Date is first read as the Amsterdam date it falls on.
import { type CivilDate, type DateInput, civilDateOf, toDayNumber, weekdayOf, yearOf } from './civil-date.ts';
import { DeadlineError } from './deadline-error.ts';
import { feestdagSet } from './feestdagen.ts';

export function isWorkingDayNumber(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  if (weekday === 0 || weekday === 6) return false;
  return !feestdagSet(yearOf(dayNumber)).has(dayNumber);
}

/** Whether the (Amsterdam) date of `date` is a working day. */
export function isWorkingDay(date: DateInput): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/** Day number of the n-th working day after `start` (day 0, which itself need not be a working day). */
export function addWorkingDayNumbers(start: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new DeadlineError('DEADLINE_INVALID_COUNT', `working-day count must be a whole number ≥ 0, got ${String(n)}`);
  }
  let day = start;
  for (let left = n; left > 0; ) {
    day += 1;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return day;
}

/**
 * The n-th working day after the date of `date`: that date is day 0 and is not counted, whether or not it
 * is a working day; n = 0 gives the date itself. Returns a calendar date 'YYYY-MM-DD'.
 */
export function addWorkingDays(date: DateInput, n: number): CivilDate {
  return civilDateOf(addWorkingDayNumbers(toDayNumber(date), n));
}

/**
 * The number of working days d with a < d ≤ b (calendar dates in Amsterdam), so that
 * workingDaysBetween(x, addWorkingDays(x, n)) === n. Negative when b is before a; 0 when they are the same date.
 */
export function workingDaysBetween(a: DateInput, b: DateInput): number {
  const from = toDayNumber(a, 'a');
  const to = toDayNumber(b, 'b');
  if (to < from) return -countWorkingDays(to, from);
  return countWorkingDays(from, to);
}

function countWorkingDays(fromExclusive: number, toInclusive: number): number {
  let count = 0;
  for (let day = fromExclusive + 1; day <= toInclusive; day += 1) if (isWorkingDayNumber(day)) count += 1;
  return count;
}
