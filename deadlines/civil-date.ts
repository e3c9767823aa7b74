// Calendar dates ('YYYY-MM-DD') in Europe/Amsterdam. Internally a date is a day number: days since
// 1970-01-01 in the proleptic Gregorian calendar, so stepping a day is +1 and weekdays are arithmetic.
import { DeadlineError } from './deadline-error.ts';

/** A calendar date written 'YYYY-MM-DD'. */
export type CivilDate = string;

/** A moment (Date, read in Europe/Amsterdam) or a calendar date ('YYYY-MM-DD'). */
export type DateInput = Date | CivilDate;

export const TIME_ZONE = 'Europe/Amsterdam';
const MS_PER_DAY = 86_400_000;
const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function civilDateOf(dayNumber: number): CivilDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCDay();
}

const amsterdamParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const MS_PER_HOUR = 3_600_000;
/** Since 1977 the Netherlands' offset is +1 or +2 hours and changes on a whole UTC hour (01:00 UTC). */
const WHOLE_HOUR_SWITCHES_FROM = Date.UTC(1977, 0, 1);
const offsetByUtcHour = new Map<number, number>();

/**
 * The Amsterdam wall-clock reading of an instant, as if it were UTC (ms). Asking Intl costs microseconds, and
 * every message with a deadline asks three times; the offset is the same for a whole UTC hour, so it is asked
 * once per hour (older instants, with Amsterdam Mean Time's odd offsets, are asked every time).
 */
export function amsterdamWallClock(ms: number): number {
  if (ms < WHOLE_HOUR_SWITCHES_FROM) return wallClockByParts(ms);
  const hour = Math.floor(ms / MS_PER_HOUR);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    offset = wallClockByParts(hour * MS_PER_HOUR) - hour * MS_PER_HOUR;
    if (offsetByUtcHour.size >= 4096) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return ms + offset;
}

/** Intl's reading of the Amsterdam wall clock at an instant, as if it were UTC (ms). */
export function wallClockByParts(ms: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of amsterdamParts.formatToParts(ms)) if (type !== 'literal') p[type] = Number(value);
  return Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!) + (ms % 1000 + 1000) % 1000;
}

function parseCivilDate(s: string, argument: string): number {
  const m = CIVIL_DATE.exec(s);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const n = dayNumberOf(year, month, day);
    if (civilDateOf(n) === s) return n;
  }
  throw new DeadlineError('DEADLINE_INVALID_DATE', `${argument} must be a Date or a calendar date 'YYYY-MM-DD'`);
}

/** The day number of the Europe/Amsterdam calendar date of `input`. */
export function toDayNumber(input: DateInput, argument = 'date'): number {
  if (typeof input === 'string') return parseCivilDate(input, argument);
  if (!(input instanceof Date) || Number.isNaN(input.getTime())) {
    throw new DeadlineError('DEADLINE_INVALID_DATE', `${argument} must be a valid Date or a calendar date 'YYYY-MM-DD'`);
  }
  return Math.floor(amsterdamWallClock(input.getTime()) / MS_PER_DAY);
}

/** The instant 00:00 Europe/Amsterdam starts the given day (never in a DST gap: the switches are at 02:00/03:00). */
export function amsterdamMidnight(dayNumber: number): Date {
  const wall = dayNumber * MS_PER_DAY;
  let instant = wall - (amsterdamWallClock(wall) - wall);
  const offset = amsterdamWallClock(instant) - instant;
  instant = wall - offset;
  return new Date(instant);
}
