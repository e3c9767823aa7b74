import { describe, it, expect } from 'vitest';
import { ALL_TYPES } from '../../../adapters/iwmo-ijw/model/bericht-types.ts';
import { answeredBy, EXPECTED_ANSWERS, expectedAnswers, retourDeadline } from '../../../deadlines/index.ts';

describe('EXPECTED_ANSWERS', () => {
  it('gives every heen message of both standards its answers and terms, per the research note', () => {
    const summary = Object.fromEntries(
      Object.entries(EXPECTED_ANSWERS).map(([heen, answers]) => [heen, answers.map((a) => `${a.antwoordTypes.join('|')}:${a.werkdagen}`)]),
    );
    expect(summary).toEqual({
      WMO301: ['WMO302:3'], WMO305: ['WMO306:3'], WMO307: ['WMO308:3'],
      WMO315: ['WMO316:3', 'WMO301|WMO319:5'], WMO317: ['WMO318:3', 'WMO301|WMO319:5'],
      WMO319: ['WMO320:3'], WMO323: ['WMO325:10'],
      JW301: ['JW302:3'], JW305: ['JW306:3'], JW307: ['JW308:3'],
      JW315: ['JW316:3', 'JW301|JW319:5'], JW317: ['JW318:3', 'JW301|JW319:5'],
      JW319: ['JW320:3'], JW323: ['JW325:10'],
    });
  });

  it('expects nothing of retours and of the 325', () => {
    const none = ALL_TYPES.filter((t) => expectedAnswers(t).length === 0);
    expect(none.sort()).toEqual(['JW302', 'JW306', 'JW308', 'JW316', 'JW318', 'JW320', 'JW325',
      'WMO302', 'WMO306', 'WMO308', 'WMO316', 'WMO318', 'WMO320', 'WMO325']);
    expect(expectedAnswers('toString')).toEqual([]);
  });

  it('answers the reverse question: what does this message answer', () => {
    expect(answeredBy('WMO301').sort()).toEqual(['WMO315', 'WMO317']);
    expect(answeredBy('JW325')).toEqual(['JW323']);
    expect(answeredBy('WMO302')).toEqual(['WMO301']);
    expect(answeredBy('WMO323')).toEqual([]);
  });
});

describe('retourDeadline', () => {
  // Day 0 is the Amsterdam date of receipt; the deadline is 00:00 Amsterdam after working day n.
  it('gives a 301 received on a Monday until the end of Thursday (3 working days)', () => {
    // Monday 2024-01-08 10:00 CET → end of Thursday 11 Jan = 2024-01-12T00:00+01:00.
    expect(retourDeadline('WMO301', new Date('2024-01-08T09:00:00Z')).toISOString()).toBe('2024-01-11T23:00:00.000Z');
  });

  it('starts from the Amsterdam date, not the UTC date', () => {
    // 2024-01-08T23:30Z is already Tuesday 9 Jan 00:30 in Amsterdam: day 0 is Tuesday, due end of Friday 12 Jan.
    expect(retourDeadline('JW301', new Date('2024-01-08T23:30:00Z')).toISOString()).toBe('2024-01-12T23:00:00.000Z');
    // 2024-01-08T22:59Z is still Monday 23:59 in Amsterdam.
    expect(retourDeadline('JW301', new Date('2024-01-08T22:59:00Z')).toISOString()).toBe('2024-01-11T23:00:00.000Z');
  });

  it('skips Goede Vrijdag and Easter Monday', () => {
    // Received Goede Vrijdag 2025-04-18 15:00 CEST: working days Tue 22, Wed 23, Thu 24 → 2025-04-25T00:00+02:00.
    expect(retourDeadline('WMO305', new Date('2025-04-18T13:00:00Z')).toISOString()).toBe('2025-04-24T22:00:00.000Z');
  });

  it('counts from a weekend day of receipt', () => {
    // Saturday 2025-04-26 (Koningsdag 2025): Mon 28, Tue 29, Wed 30 April → 2025-05-01T00:00+02:00.
    expect(retourDeadline('WMO307', new Date('2025-04-26T10:00:00Z')).toISOString()).toBe('2025-04-30T22:00:00.000Z');
  });

  it('lands on the right midnight across the spring DST change', () => {
    // Wednesday 2025-03-26 (CET): Thu 27, Fri 28, Mon 31 → 2025-04-01T00:00+02:00 (CEST after 30 March).
    expect(retourDeadline('JW305', new Date('2025-03-26T12:00:00Z')).toISOString()).toBe('2025-03-31T22:00:00.000Z');
  });

  it('lands on the right midnight across the autumn DST change', () => {
    // Thursday 2025-10-23: Fri 24, Mon 27, Tue 28 → 2025-10-29T00:00+01:00 (CET after 26 October).
    expect(retourDeadline('WMO319', new Date('2025-10-23T08:00:00Z')).toISOString()).toBe('2025-10-28T23:00:00.000Z');
  });

  it('gives a 315 its 316 in 3 and its 301/319 in 5 working days', () => {
    // Wednesday 2026-05-06: Thu 7, Fri 8, Mon 11 (3) … Tue 12, Wed 13 (5); 14 May is Hemelvaartsdag.
    const received = new Date('2026-05-06T07:00:00Z');
    expect(retourDeadline('WMO315', received).toISOString()).toBe('2026-05-11T22:00:00.000Z');
    expect(retourDeadline('WMO315', received, 'WMO316').toISOString()).toBe('2026-05-11T22:00:00.000Z');
    expect(retourDeadline('WMO315', received, 'WMO301').toISOString()).toBe('2026-05-13T22:00:00.000Z');
    expect(retourDeadline('JW317', received, 'JW319').toISOString()).toBe('2026-05-13T22:00:00.000Z');
  });

  it('gives a 323 its 325 in 10 working days', () => {
    // Monday 2026-04-20: 21,22,23,24 (4), 27 Koningsdag, 28,29,30 (7), 1 May (8), 4 May (9), 5 May Bevrijdingsdag, 6 May (10).
    expect(retourDeadline('JW323', new Date('2026-04-20T08:00:00Z')).toISOString()).toBe('2026-05-06T22:00:00.000Z');
  });

  it('refuses a type that expects nothing, or an answer that does not belong to it', () => {
    const t = new Date('2026-04-20T08:00:00Z');
    expect(() => retourDeadline('WMO302', t)).toThrow(expect.objectContaining({ code: 'DEADLINE_NO_EXPECTED_ANSWER' }));
    expect(() => retourDeadline('WMO301', t, 'JW302')).toThrow(expect.objectContaining({ code: 'DEADLINE_NO_EXPECTED_ANSWER' }));
    expect(() => retourDeadline('WMO301', new Date(Number.NaN))).toThrow(expect.objectContaining({ code: 'DEADLINE_INVALID_DATE' }));
  });
});
