// A waiting list as CSV: per row a BSN and the subscriber's own reference, optionally an einddatum.
// Separator ';' (what Dutch spreadsheets write) or ',', chosen by the first line; fields may be quoted ("" inside
// quotes is a quote, line breaks inside quotes are kept). Parsed by csv-parse (the guide's rule: no hand-written
// parser). A header row is recognised by its first cell. Each row is judged on its own; nothing is refused whole
// except a file that is not text.
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line number in the file where the row begins (what a spreadsheet shows). */
  line: number;
  cells: string[];
}

export type CsvReadError = { line: number; code: 'csv-quote'; message: string };

export interface CsvRead { rows: CsvRow[]; errors: CsvReadError[]; header: boolean }

const HEADER_CELL = /^(burgerservicenummer|bsn)$/i;

const lineBreaks = (s: string): number => (s.match(/\n/g) ?? []).length;

export function readCsv(text: string): CsvRead {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const rows: CsvRow[] = [];
  const errors: CsvReadError[] = [];
  // csv-parse gives the line a record ends on; it begins that many lines earlier as its quoted fields hold breaks.
  let lastEnd = 0;
  try {
    parse(text, {
      delimiter: firstLine.includes(';') ? ';' : ',',
      record_delimiter: ['\r\n', '\n'],
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A quote inside an unquoted field is a character (x"y), as before.
      relax_quotes: true,
      on_record: (record, context) => {
        const line = context.lines - record.reduce((n, c) => n + lineBreaks(c), 0);
        lastEnd = context.lines;
        const cells = record.map((c) => c.trim());
        if (!(cells.length === 1 && cells[0] === '')) rows.push({ line, cells });
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The record csv-parse stopped at begins on the first line after the last whole record that is not blank.
    // Reading stops there (what follows an unbalanced quote cannot be told apart); the rows before it stand.
    const lines = text.split('\n');
    let line = lastEnd + 1;
    while (line < lines.length && lines[line - 1]!.trim() === '') line++;
    errors.push({
      line, code: 'csv-quote',
      message: err.code === 'CSV_QUOTE_NOT_CLOSED' ? `a quoted field opened on line ${line} is never closed` : `a quoted field on line ${line} is followed by other characters before the separator`,
    });
  }
  const header = rows.length > 0 && HEADER_CELL.test(rows[0]!.cells[0] ?? '');
  return { rows: header ? rows.slice(1) : rows, errors, header };
}
