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
