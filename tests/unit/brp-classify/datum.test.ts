import { describe, expect, it } from 'vitest';
import { brpDatum } from '../../../adapters/brp/classify/index.ts';

describe('brpDatum: JJJJMMDD with 00 for unknown parts', () => {
  it.each([
    ['20250901', { iso: '2025-09-01', precisie: 'dag' }],
    ['20250900', { iso: '2025-09', precisie: 'maand' }],
    ['20250000', { iso: '2025', precisie: 'jaar' }],
    ['00000000', { iso: null, precisie: 'onbekend' }],
    ['20240229', { iso: '2024-02-29', precisie: 'dag' }],
  ])('%s', (waarde, verwacht) => {
    expect(brpDatum(waarde)).toEqual({ ...verwacht, bron: waarde });
  });

  it.each([
    ['20230229', 'no 29 February in 2023'],
    ['20251301', 'month 13'],
    ['20250431', '31 April'],
    ['20250015', 'a day without a month'],
    ['00000901', 'a month without a year'],
    ['2025090', 'seven digits'],
    ['2025-09-01', 'ISO instead of JJJJMMDD'],
    ['', 'empty (length 000)'],
  ])('%s is onbekend (%s)', (waarde) => {
    expect(brpDatum(waarde)).toEqual({ iso: null, precisie: 'onbekend', bron: waarde });
  });

  it('an absent date is onbekend with an empty bron', () => {
    expect(brpDatum(undefined)).toEqual({ iso: null, precisie: 'onbekend', bron: '' });
  });
});
