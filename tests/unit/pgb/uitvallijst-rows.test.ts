import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLayouts, layoutFrom } from '../../../pgb/uitvallijst/layout.ts';
import { readRows } from '../../../pgb/uitvallijst/read.ts';
import { HeaderError, mapHeader, parseAmount, parseDate, rowOf } from '../../../pgb/uitvallijst/rows.ts';
import { babDeadlines } from '../../../pgb/ledger.ts';
import { testBsn } from '../../support/pgb.ts';

const layout = loadLayouts().get('svb-standaard')!;

describe('uitvallijst values', () => {
  it('reads dates in the layout formats and refuses impossible ones', () => {
    expect(parseDate('31-12-2026', layout.dateFormats)).toBe('2026-12-31');
    expect(parseDate('2026-02-28', layout.dateFormats)).toBe('2026-02-28');
    expect(parseDate('20260301', layout.dateFormats)).toBe('2026-03-01');
    expect(parseDate('1-3-2026', layout.dateFormats)).toBe('2026-03-01');
    expect(parseDate('31-02-2026', layout.dateFormats)).toBeUndefined();
    expect(parseDate('2026/03/01', layout.dateFormats)).toBeUndefined();
    expect(parseDate(new Date(Date.UTC(2026, 0, 5)), layout.dateFormats)).toBe('2026-01-05');
  });

  it('turns amounts into integer eurocents', () => {
    expect(parseAmount('1.234,56', 'euro')).toBe(123_456);
    expect(parseAmount('€ 12,5', 'euro')).toBe(1_250);
    expect(parseAmount('-7', 'euro')).toBe(-700);
    expect(parseAmount('1234.56', 'euro-dot')).toBe(123_456);
    expect(parseAmount('123456', 'cents')).toBe(123_456);
    expect(parseAmount(0.1 + 0.2, 'euro')).toBe(30);
    expect(parseAmount('1,234', 'euro')).toBeUndefined();
    expect(parseAmount('12,345', 'euro')).toBeUndefined();
    expect(parseAmount(1.005, 'cents')).toBeUndefined();
  });
});

describe('uitvallijst header and rows', () => {
  it('maps headers by alias, whatever their case and spacing, and reads past ignored ones', () => {
    const map = mapHeader({ row: 1, cells: ['  bsn ', 'BUDGETNUMMER', 'Naam budgethouder', 'Periode  van'] }, layout);
    expect(map.fields).toEqual(['bsn', 'budgetIdentificatie', undefined, 'periodeBegin']);
  });

  it('refuses an unknown header naming it, and a missing required one', () => {
    expect(() => mapHeader({ row: 1, cells: ['BSN', 'Geboortedatum'] }, layout)).toThrow(HeaderError);
    try { mapHeader({ row: 1, cells: ['BSN', 'Geboortedatum'] }, layout); } catch (e) { expect((e as HeaderError).column).toBe('Geboortedatum'); }
    try { mapHeader({ row: 1, cells: ['Budgetnummer'] }, layout); } catch (e) { expect((e as HeaderError).code).toBe('missing-header'); }
    expect(() => mapHeader({ row: 1, cells: ['BSN', 'Burgerservicenummer'] }, layout)).toThrow(/both mean bsn/);
  });

  it('reports each bad value by row and column, never the value', () => {
    const map = mapHeader({ row: 1, cells: ['BSN', 'Periode van', 'Bedrag', 'Zorgfunctie'] }, layout);
    const r = rowOf({ row: 7, cells: ['123456789', '32-01-2026', '12,3,4', 'A1'] }, map, layout);
    expect(r).toEqual({ problems: [
      { row: 7, column: 'BSN', code: 'bsn-elfproef', message: 'the BSN fails the 11-proef' },
      { row: 7, column: 'Periode van', code: 'bad-date', message: expect.stringContaining('dd-MM-yyyy') },
      { row: 7, column: 'Bedrag', code: 'bad-amount', message: 'not an amount in format euro' },
      { row: 7, column: 'Zorgfunctie', code: 'bad-zorgfunctie', message: 'a zorgfunctie is a code of two digits' },
    ] });
    const bsn = testBsn(3);
    expect(rowOf({ row: 8, cells: [Number(bsn), '01-01-2026', 10.5, 2] }, map, layout)).toEqual({ row: { row: 8, bsn, periodeBegin: '2026-01-01', bedrag: 1050, zorgfunctie: '02' } });
  });

  it('reads CSV rows with their spreadsheet row numbers, quoted separators and line breaks included', async () => {
    const csv = Buffer.from('\uFEFFBSN;Reden uitval\n1;"a;b"\n\n2;"line\nbreak"\n3;x\n');
    const rows = [];
    for await (const r of readRows(csv, 'csv', layout)) rows.push(r);
    expect(rows.map((r) => [r.row, r.cells])).toEqual([[1, ['BSN', 'Reden uitval']], [2, ['1', 'a;b']], [5, ['2', 'line\nbreak']], [6, ['3', 'x']]]);
  });
});

describe('layouts', () => {
  it('refuses a layout without a bsn field or with an alias for two fields, naming the file', () => {
    expect(() => layoutFrom({ name: 'x', version: 1, dateFormats: ['dd-MM-yyyy'], amountFormat: 'euro', fields: { bedrag: { aliases: ['b'] } } }, 'x.yaml')).toThrow(/x.yaml: fields.bsn is required/);
    expect(() => layoutFrom({ name: 'x', version: 1, dateFormats: ['dd-MM-yyyy'], amountFormat: 'euro', fields: { bsn: { aliases: ['a'] }, bedrag: { aliases: ['A'] } } }, 'x.yaml')).toThrow(/names both/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-layouts-'));
    writeFileSync(path.join(dir, 'a.yaml'), 'name: eigen\nversion: "2"\ndateFormats: [yyyyMMdd]\namountFormat: cents\nfields:\n  bsn: { aliases: [burger], required: true }\n');
    expect(loadLayouts(dir).get('eigen')).toMatchObject({ version: '2', amountFormat: 'cents', required: ['bsn'] });
  });
});

describe('BAB deadlines (OP522)', () => {
  it('expects a BAB 98 days after the end, and after each 31-12 a period crosses', () => {
    const d = babDeadlines([{ zorgfunctie: '01', begin: '2025-07-01', einde: '2027-01-31', bedrag: 1, vv: null }]);
    expect(d.map((x) => [x.kind, x.year ?? null, new Date(x.dueAt).toISOString().slice(0, 10)])).toEqual([
      ['bab-einde', null, '2027-05-09'], ['bab-jaar', 2025, '2026-04-08'], ['bab-jaar', 2026, '2027-04-08'],
    ]);
  });
});
