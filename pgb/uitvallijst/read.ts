// Reads an uitvallijst as a stream of rows, with the row number a spreadsheet shows, by content type:
// CSV through csv-parse, XLSX through exceljs's streaming WorkbookReader (first worksheet). Neither builds
// the whole file as rows in memory; docs/decisions/0005-pgb-ledger-uitvallijsten-brp.md says why these two.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Layout } from './layout.ts';

export type Cell = string | number | Date | boolean | null;
export interface RawRow { row: number; cells: Cell[] }

export const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv']);
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ListKind = 'csv' | 'xlsx';

/** The kind of list a content type names, or undefined. */
export function kindOfContentType(contentType: string | undefined): ListKind | undefined {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.has(t)) return 'csv';
  if (t === XLSX_TYPE) return 'xlsx';
  return undefined;
}

/** A file that cannot be read as the kind it claims (a broken zip, an unclosed quote). */
export class ListReadError extends Error {
  constructor(message: string, readonly row?: number) {
    super(message);
    this.name = 'ListReadError';
  }
}

export function readRows(file: Buffer, kind: ListKind, layout: Pick<Layout, 'delimiter'>): AsyncIterable<RawRow> {
  return kind === 'csv' ? readCsv(file, layout.delimiter) : readXlsx(file);
}

/**
 * The file in 64 KiB slices: a stream parser handed the whole file as one chunk parses every record of it in
 * one go (back-pressure acts between chunks only), which would hold all rows in memory at once.
 */
function* slices(file: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
}

function sniffDelimiter(file: Buffer): ';' | ',' {
  const end = file.indexOf(0x0a);
  const first = file.subarray(0, end < 0 ? Math.min(file.length, 4096) : end).toString('utf8');
  return first.includes(';') ? ';' : ',';
}

async function* readCsv(file: Buffer, delimiter: Layout['delimiter']): AsyncIterable<RawRow> {
  const parser = Readable.from(slices(file)).pipe(parse({
    delimiter: delimiter === 'auto' ? sniffDelimiter(file) : delimiter,
    bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true,
  }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { row: info.lines, cells: record };
    }
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number };
    throw new ListReadError(`the CSV cannot be read: ${e.code ?? e.message}`, e.lines);
  }
}

async function* readXlsx(file: Buffer): AsyncIterable<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(slices(file)), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        // exceljs rows are 1-based: values[0] is always empty.
        yield { row: row.number, cells: values.slice(1).map(cellValue) };
      }
      return; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof ListReadError) throw err;
    throw new ListReadError(`the XLSX cannot be read: ${(err as Error).message.slice(0, 200)}`);
  }
}

function cellValue(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}
