// From raw rows to canonical uitval rows: the header row is mapped through the layout (an unknown or a
// missing required header refuses the file, naming the column), then every row is checked on its own —
// BSN (11-proef), dates, amounts to integer cents — and a bad row is reported by its row number and column,
// never dropped silently. No value from the file is ever put in a message (it may be a BSN).
import { bsnProblem } from '../../subscriptions/bsn.ts';
import { normaliseHeader, type CanonicalField, type Layout } from './layout.ts';
import type { Cell, RawRow } from './read.ts';

export interface UitvalRow {
  row: number;
  bsn: string;
  budgetIdentificatie?: string;
  zorgfunctie?: string;
  periodeBegin?: string;
  periodeEinde?: string;
  /** Eurocents. */
  bedrag?: number;
  redenCode?: string;
  redenOmschrijving?: string;
  gemeentecode?: string;
}

export interface RowProblem { row: number; column?: string; code: string; message: string }

/** The file as a whole cannot be read with this layout. */
export class HeaderError extends Error {
  constructor(readonly code: 'unknown-header' | 'missing-header' | 'duplicate-header' | 'empty-list', message: string, readonly column?: string) {
    super(message);
    this.name = 'HeaderError';
  }
}

export interface ColumnMap { fields: (CanonicalField | undefined)[]; headers: string[] }

export function mapHeader(header: RawRow, layout: Layout): ColumnMap {
  const headers = header.cells.map((c) => (c === null ? '' : String(c).trim()));
  const fields: (CanonicalField | undefined)[] = [];
  const seen = new Map<CanonicalField, string>();
  headers.forEach((h, i) => {
    const key = normaliseHeader(h);
    if (key === '') { fields.push(undefined); return; }
    const field = layout.aliases.get(key);
    if (field === undefined) {
      if (layout.ignore.has(key)) { fields.push(undefined); return; }
      throw new HeaderError('unknown-header', `column ${i + 1} "${h.slice(0, 80)}" is not in layout ${layout.name} (version ${layout.version}); add it as an alias or to ignore`, h.slice(0, 80));
    }
    const before = seen.get(field);
    if (before !== undefined) throw new HeaderError('duplicate-header', `columns "${before}" and "${h.slice(0, 80)}" both mean ${field}`, h.slice(0, 80));
    seen.set(field, h);
    fields.push(field);
  });
  for (const r of layout.required) {
    if (!seen.has(r)) throw new HeaderError('missing-header', `the required column ${r} (one of: ${[...layout.aliases].filter(([, f]) => f === r).map(([a]) => a).join(', ')}) is missing`, r);
  }
  return { fields, headers };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const DATE_REGEX = new Map<string, { re: RegExp; order: ('d' | 'M' | 'y')[] }>();

function dateRegex(format: string): { re: RegExp; order: ('d' | 'M' | 'y')[] } {
  let cached = DATE_REGEX.get(format);
  if (!cached) {
    cached = compileDateFormat(format);
    DATE_REGEX.set(format, cached);
  }
  return cached;
}

function compileDateFormat(format: string): { re: RegExp; order: ('d' | 'M' | 'y')[] } {
  const order: ('d' | 'M' | 'y')[] = [];
  let src = '';
  for (let i = 0; i < format.length;) {
    if (format.startsWith('yyyy', i)) { src += '(\\d{4})'; order.push('y'); i += 4; continue; }
    if (format.startsWith('dd', i)) { src += '(\\d{2})'; order.push('d'); i += 2; continue; }
    if (format.startsWith('MM', i)) { src += '(\\d{2})'; order.push('M'); i += 2; continue; }
    if (format[i] === 'd') { src += '(\\d{1,2})'; order.push('d'); i += 1; continue; }
    if (format[i] === 'M') { src += '(\\d{1,2})'; order.push('M'); i += 1; continue; }
    src += format[i]!.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    i += 1;
  }
  return { re: new RegExp(`^${src}$`), order };
}

/** 'YYYY-MM-DD', or undefined when the value is no date in any of the formats. */
export function parseDate(value: Cell, formats: readonly string[]): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  }
  const s = value === null ? '' : String(value).trim();
  for (const f of formats) {
    const { re, order } = dateRegex(f);
    const m = re.exec(s);
    if (!m) continue;
    const parts: Record<string, number> = {};
    order.forEach((k, i) => { parts[k] = Number(m[i + 1]); });
    const d = new Date(Date.UTC(parts.y!, parts.M! - 1, parts.d!));
    if (d.getUTCFullYear() === parts.y && d.getUTCMonth() === parts.M! - 1 && d.getUTCDate() === parts.d) {
      return `${parts.y}-${pad2(parts.M!)}-${pad2(parts.d!)}`;
    }
  }
  return undefined;
}

const EURO = /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/;
const EURO_DOT = /^-?\d+(\.\d{1,2})?$/;
const CENTS = /^-?\d+$/;

/** Integer eurocents, or undefined when the value is no amount in the format. */
export function parseAmount(value: Cell, format: Layout['amountFormat']): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (format === 'cents') return Number.isInteger(value) ? value : undefined;
    const cents = Math.round(value * 100);
    return Math.abs(value * 100 - cents) < 1e-6 ? cents : undefined;
  }
  const s = value === null ? '' : String(value).replace(/^€\s*/, '').replace(/\s+/g, '');
  if (format === 'cents') return CENTS.test(s) ? Number(s) : undefined;
  if (format === 'euro-dot') return EURO_DOT.test(s) ? toCents(s) : undefined;
  if (!EURO.test(s)) return undefined;
  return toCents(s.replace(/\./g, '').replace(',', '.'));
}

function toCents(decimal: string): number {
  const negative = decimal.startsWith('-');
  const [whole, frac = ''] = decimal.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -cents : cents;
}

function text(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** A BSN from a cell: an XLSX number cell loses leading zeros, so a number is padded to 9 digits. */
function bsnOf(c: Cell): string {
  if (typeof c === 'number' && Number.isInteger(c) && c >= 0) return String(c).padStart(9, '0');
  return text(c).replace(/[\s.]/g, '');
}

/** A zorgfunctie code is two digits (WMO022/JZ022); an XLSX number 1 is '01'. */
function zorgfunctieOf(c: Cell): string {
  const t = typeof c === 'number' ? String(c) : text(c);
  return /^\d$/.test(t) ? `0${t}` : t;
}

export function rowOf(raw: RawRow, map: ColumnMap, layout: Layout): { row: UitvalRow } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const out: Partial<UitvalRow> & { row: number } = { row: raw.row };
  const column = (i: number) => map.headers[i] ?? `kolom ${i + 1}`;
  map.fields.forEach((field, i) => {
    if (field === undefined) return;
    const cell = raw.cells[i] ?? null;
    const empty = cell === null || (typeof cell === 'string' && cell.trim() === '');
    if (empty) {
      if (layout.required.includes(field)) problems.push({ row: raw.row, column: column(i), code: 'missing-value', message: `${field} is required and empty` });
      return;
    }
    switch (field) {
      case 'bsn': {
        const bsn = bsnOf(cell);
        const p = bsnProblem(bsn);
        if (p) problems.push({ row: raw.row, column: column(i), code: p === 'pattern' ? 'bsn-pattern' : 'bsn-elfproef', message: p === 'pattern' ? 'the BSN is not 9 digits' : 'the BSN fails the 11-proef' });
        else out.bsn = bsn;
        break;
      }
      case 'periodeBegin': case 'periodeEinde': {
        const d = parseDate(cell, layout.dateFormats);
        if (d === undefined) problems.push({ row: raw.row, column: column(i), code: 'bad-date', message: `not a date in ${layout.dateFormats.join(' or ')}` });
        else out[field] = d;
        break;
      }
      case 'bedrag': {
        const a = parseAmount(cell, layout.amountFormat);
        if (a === undefined) problems.push({ row: raw.row, column: column(i), code: 'bad-amount', message: `not an amount in format ${layout.amountFormat}` });
        else out.bedrag = a;
        break;
      }
      case 'zorgfunctie': {
        const z = zorgfunctieOf(cell);
        if (!/^\d{2}$/.test(z)) problems.push({ row: raw.row, column: column(i), code: 'bad-zorgfunctie', message: 'a zorgfunctie is a code of two digits' });
        else out.zorgfunctie = z;
        break;
      }
      case 'gemeentecode': {
        const g = typeof cell === 'number' ? String(cell).padStart(4, '0') : text(cell);
        if (!/^\d{4}$/.test(g)) problems.push({ row: raw.row, column: column(i), code: 'bad-gemeentecode', message: 'a gemeentecode is 4 digits' });
        else out.gemeentecode = g;
        break;
      }
      default: {
        const t = text(cell);
        if (t.length > 200) problems.push({ row: raw.row, column: column(i), code: 'too-long', message: `${field} is longer than 200 characters` });
        else out[field] = t;
      }
    }
  });
  if (out.periodeBegin && out.periodeEinde && out.periodeEinde < out.periodeBegin) {
    problems.push({ row: raw.row, code: 'bad-period', message: 'the end date lies before the begin date' });
  }
  if (problems.length > 0) return { problems };
  if (out.bsn === undefined) return { problems: [{ row: raw.row, code: 'missing-value', message: 'bsn is required and empty' }] };
  return { row: out as UitvalRow };
}

/** True for a row with no value at all (trailing rows of a spreadsheet). */
export function isBlank(raw: RawRow): boolean {
  return raw.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}
