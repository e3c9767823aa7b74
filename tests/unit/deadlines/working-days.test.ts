import { describe, it, expect } from 'vitest';
import {
  addWorkingDays, DeadlineError, easterSunday, feestdagen, isWorkingDay, workingDaysBetween,
} from '../../../deadlines/index.ts';

// Written down by hand from published Dutch calendars (not computed): Easter Sunday, and every weekday
// feestdag of the Algemene termijnenwet art. 3 (incl. Goede Vrijdag, lid 2, and 5 mei every year).
const EASTER: Record<number, string> = {
  2019: '2019-04-21', 2020: '2020-04-12', 2021: '2021-04-04', 2022: '2022-04-17', 2023: '2023-04-09',
  2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16',
  2029: '2029-04-01', 2030: '2030-04-21', 2038: '2038-04-25',
};

const FEESTDAGEN: Record<number, Array<[string, string]>> = {
  2024: [
    ['2024-01-01', 'Nieuwjaarsdag'], ['2024-03-29', 'Goede Vrijdag'], ['2024-04-01', 'Tweede Paasdag'],
    ['2024-04-27', 'Koningsdag'], ['2024-05-05', 'Bevrijdingsdag'], ['2024-05-09', 'Hemelvaartsdag'],
    ['2024-05-20', 'Tweede Pinksterdag'], ['2024-12-25', 'Eerste Kerstdag'], ['2024-12-26', 'Tweede Kerstdag'],
  ],
  2025: [
    ['2025-01-01', 'Nieuwjaarsdag'], ['2025-04-18', 'Goede Vrijdag'], ['2025-04-21', 'Tweede Paasdag'],
    // 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April.
    ['2025-04-26', 'Koningsdag'], ['2025-05-05', 'Bevrijdingsdag'], ['2025-05-29', 'Hemelvaartsdag'],
    ['2025-06-09', 'Tweede Pinksterdag'], ['2025-12-25', 'Eerste Kerstdag'], ['2025-12-26', 'Tweede Kerstdag'],
  ],
  2026: [
    ['2026-01-01', 'Nieuwjaarsdag'], ['2026-04-03', 'Goede Vrijdag'], ['2026-04-06', 'Tweede Paasdag'],
    ['2026-04-27', 'Koningsdag'], ['2026-05-05', 'Bevrijdingsdag'], ['2026-05-14', 'Hemelvaartsdag'],
    ['2026-05-25', 'Tweede Pinksterdag'], ['2026-12-25', 'Eerste Kerstdag'], ['2026-12-26', 'Tweede Kerstdag'],
  ],
  2027: [
    ['2027-01-01', 'Nieuwjaarsdag'], ['2027-03-26', 'Goede Vrijdag'], ['2027-03-29', 'Tweede Paasdag'],
    ['2027-04-27', 'Koningsdag'], ['2027-05-05', 'Bevrijdingsdag'], ['2027-05-06', 'Hemelvaartsdag'],
    ['2027-05-17', 'Tweede Pinksterdag'], ['2027-12-25', 'Eerste Kerstdag'], ['2027-12-26', 'Tweede Kerstdag'],
  ],
};

describe('Atw feestdagen', () => {
  it('computes Easter Sunday for every year in the hand-written list', () => {
    for (const [year, date] of Object.entries(EASTER)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('lists exactly the Atw feestdagen for 2024–2027, with Koningsdag 2025 on 26 April', () => {
    for (const [year, days] of Object.entries(FEESTDAGEN)) {
      expect(feestdagen(Number(year)).map((f) => [f.datum, f.naam])).toEqual(days);
    }
  });

  it('makes every weekday feestdag a non-working day and the days around them working days', () => {
    const weekdayFeestdagen = [
      '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-09', '2024-05-20', '2024-12-25', '2024-12-26',
      '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26',
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25',
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-04-27', '2027-05-05', '2027-05-06', '2027-05-17',
    ];
    for (const d of weekdayFeestdagen) expect(`${d} ${isWorkingDay(d)}`).toBe(`${d} false`);
    // Ordinary weekdays next to feestdagen, including the Atw art. 3 lid 3 bridge days this calendar does not
    // count (Friday after Hemelvaartsdag 2025-05-30, 2026-05-15; Friday 2026-01-02).
    for (const d of ['2024-03-28', '2024-04-02', '2025-04-17', '2025-04-22', '2025-05-30', '2026-01-02', '2026-05-15', '2027-05-04']) {
      expect(`${d} ${isWorkingDay(d)}`).toBe(`${d} true`);
    }
  });

  it('treats Saturdays and Sundays as non-working days', () => {
    expect(isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(isWorkingDay('2025-03-10')).toBe(true); // Monday
  });

  it('reads a Date as the Europe/Amsterdam calendar date it falls on', () => {
    // 2025-03-09T23:30Z is Monday 10 March 00:30 in Amsterdam (CET, +01:00).
    expect(isWorkingDay(new Date('2025-03-09T23:30:00Z'))).toBe(true);
    // 2025-04-17T22:30Z is Goede Vrijdag 18 April 00:30 in Amsterdam (CEST, +02:00).
    expect(isWorkingDay(new Date('2025-04-17T22:30:00Z'))).toBe(false);
    expect(isWorkingDay(new Date('2025-04-17T21:30:00Z'))).toBe(true);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('does not count day 0, even when it is a working day', () => {
    expect(addWorkingDays('2025-03-10', 0)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-10', 1)).toBe('2025-03-11');
    expect(addWorkingDays('2025-03-10', 3)).toBe('2025-03-13');
  });

  it('starts from a weekend day 0 with Monday as working day 1', () => {
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-09', 5)).toBe('2025-03-14');
  });

  it('skips the Easter weekend 2025 (Goede Vrijdag, Easter Monday)', () => {
    // Thursday 17 April + 1 → Tuesday 22 April.
    expect(addWorkingDays('2025-04-17', 1)).toBe('2025-04-22');
    expect(addWorkingDays('2025-04-17', 3)).toBe('2025-04-24');
  });

  it('skips Christmas and New Year across a year boundary', () => {
    // Tuesday 23 Dec 2025: 24 Dec (1), 25/26 feestdag, 27/28 weekend, 29 (2), 30 (3), 31 (4), 1 Jan feestdag, 2 Jan (5).
    expect(addWorkingDays('2025-12-23', 5)).toBe('2026-01-02');
  });

  it('counts working days in (a, b] so that it inverts addWorkingDays', () => {
    expect(workingDaysBetween('2025-04-17', '2025-04-24')).toBe(3);
    expect(workingDaysBetween('2025-04-24', '2025-04-17')).toBe(-3);
    expect(workingDaysBetween('2025-04-17', '2025-04-17')).toBe(0);
    expect(workingDaysBetween('2025-04-18', '2025-04-21')).toBe(0);
    for (const start of ['2024-12-20', '2025-04-16', '2025-05-02', '2026-04-24']) {
      for (const n of [0, 1, 3, 5, 10, 25]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });

  it('refuses bad input with a typed error', () => {
    expect(() => addWorkingDays('2025-02-30', 1)).toThrow(DeadlineError);
    expect(() => isWorkingDay(new Date('nonsense'))).toThrow(expect.objectContaining({ code: 'DEADLINE_INVALID_DATE' }));
    expect(() => addWorkingDays('2025-03-10', -1)).toThrow(expect.objectContaining({ code: 'DEADLINE_INVALID_COUNT' }));
    expect(() => addWorkingDays('2025-03-10', 1.5)).toThrow(expect.objectContaining({ code: 'DEADLINE_INVALID_COUNT' }));
    expect(() => isWorkingDay('2013-04-30')).toThrow(expect.objectContaining({ code: 'DEADLINE_YEAR_OUT_OF_RANGE' }));
  });
});
