import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../subscriptions/api/csv.ts';

describe('waiting-list CSV', () => {
  it('reads ; separated rows after a header, keeping line numbers', () => {
    const csv = readCsv('burgerservicenummer;referentie\r\n999993653;WL-1\r\n\r\n999990457;"WL; 2"\n');
    expect(csv.header).toBe(true);
    expect(csv.rows).toEqual([{ line: 2, cells: ['999993653', 'WL-1'] }, { line: 4, cells: ['999990457', 'WL; 2'] }]);
    expect(csv.errors).toEqual([]);
  });

  it('reads , separated rows without a header, quotes with "" and newlines inside', () => {
    const csv = readCsv('999993653,"a ""b""",2026-01-01\n999990457,"two\nlines"\n555555021,c');
    expect(csv.header).toBe(false);
    expect(csv.rows).toEqual([
      { line: 1, cells: ['999993653', 'a "b"', '2026-01-01'] },
      { line: 2, cells: ['999990457', 'two\nlines'] },
      { line: 4, cells: ['555555021', 'c'] },
    ]);
  });

  it('reports a quote that is never closed on the line it opened', () => {
    const csv = readCsv('999993653;ok\n999990457;"open\n555555021;x\n');
    expect(csv.rows).toEqual([{ line: 1, cells: ['999993653', 'ok'] }]);
    expect(csv.errors).toEqual([{ line: 2, code: 'csv-quote', message: 'a quoted field opened on line 2 is never closed' }]);
  });
});

describe('waiting-list CSV: row numbers as a spreadsheet shows them', () => {
  it('counts skipped empty lines and blank rows, a BOM and spaces around quotes', () => {
    const csv = readCsv('\uFEFFbsn;referentie\r\n\r\n\r\n999993653;  "WL-1" \r\n   \r\n999990457;x');
    expect(csv.header).toBe(true);
    expect(csv.rows).toEqual([{ line: 4, cells: ['999993653', 'WL-1'] }, { line: 6, cells: ['999990457', 'x'] }]);
  });

  it('reports an unclosed quote after empty lines on the line it opened', () => {
    const csv = readCsv('999993653;ok\n\n999990457;"open\n555555021;x\n');
    expect(csv.errors).toEqual([{ line: 3, code: 'csv-quote', message: 'a quoted field opened on line 3 is never closed' }]);
  });
});

describe('waiting-list CSV: quotes that do not close properly', () => {
  it('keeps a quote inside an unquoted field, and stops with a row error at text after a closing quote', () => {
    expect(readCsv('999993653;x"y\n').rows).toEqual([{ line: 1, cells: ['999993653', 'x"y'] }]);
    const csv = readCsv('999993653;ok\n999990457;"a"b;c\n555555021;x\n');
    expect(csv.rows).toEqual([{ line: 1, cells: ['999993653', 'ok'] }]);
    expect(csv.errors).toEqual([{ line: 2, code: 'csv-quote', message: 'a quoted field on line 2 is followed by other characters before the separator' }]);
  });
});
