// A waiting list as CSV: per row a BSN and the subscriber's own reference, optionally an einddatum.
// Separator ';' (what Dutch spreadsheets write) or ',', fields may be quoted ("" inside quotes is a quote),
// a header row is recognised by its first cell. Each row is judged on its own; nothing is refused whole
// except a file that is not text.

export interface CsvRow {
  /** 1-based line number in the file (what a spreadsheet shows). */
  line: number;
  cells: string[];
}

export type CsvReadError = { line: number; code: 'csv-quote'; message: string };

export interface CsvRead { rows: CsvRow[]; errors: CsvReadError[]; header: boolean }

const HEADER_CELL = /^(burgerservicenummer|bsn)$/i;

export function readCsv(text: string): CsvRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const separator = firstLine.includes(';') ? ';' : ',';
  const rows: CsvRow[] = [];
  const errors: CsvReadError[] = [];
  let line = 1;
  let i = 0;
  while (i < body.length) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < body.length; i++) {
      const ch = body[i]!;
      if (quoted) {
        if (ch === '"') {
          if (body[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
        } else {
          if (ch === '\n') line++;
          cell += ch;
        }
        continue;
      }
      if (ch === '"' && cell.trim() === '') { quoted = true; cell = ''; continue; }
      if (ch === separator) { cells.push(cell.trim()); cell = ''; continue; }
      if (ch === '\r' && body[i + 1] === '\n') continue;
      if (ch === '\n') { i++; break; }
      cell += ch;
    }
    cells.push(cell.trim());
    line++;
    if (quoted) {
      errors.push({ line: startLine, code: 'csv-quote', message: `a quoted field opened on line ${startLine} is never closed` });
      break;
    }
    if (cells.length === 1 && cells[0] === '') continue; // empty line
    rows.push({ line: startLine, cells });
  }
  const header = rows.length > 0 && HEADER_CELL.test(rows[0]!.cells[0] ?? '');
  return { rows: header ? rows.slice(1) : rows, errors, header };
}
