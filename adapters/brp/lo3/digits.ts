// Reading the ASCII digit fields of LO3 (lengths, codes, numeric header fields).
import { Lo3Error, describeByte } from './errors.ts';

/**
 * The value of `count` (≤ 15) ASCII digits at `offset`. The caller has checked that the bytes are there.
 * Throws NOT_DIGITS at the first non-digit byte; `field` says what was expected there.
 */
export function readNumber(bytes: Uint8Array, offset: number, count: number, field: string): number {
  let value = 0;
  for (let i = offset; i < offset + count; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) throw notDigits(bytes, i, offset, count, field);
    value = value * 10 + d;
  }
  return value;
}

/** The same check, returning the digit string (keeps leading zeros, e.g. an A-nummer, a date, a 17-digit datum/tijd). */
export function readDigitString(bytes: Uint8Array, offset: number, count: number, field: string): string {
  let s = '';
  for (let i = offset; i < offset + count; i++) {
    const b = bytes[i]!;
    if (b < 0x30 || b > 0x39) throw notDigits(bytes, i, offset, count, field);
    s += String.fromCharCode(b);
  }
  return s;
}

/** `n` as exactly `width` digits, for writing length fields. */
export function padDigits(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function notDigits(bytes: Uint8Array, at: number, offset: number, count: number, field: string): Lo3Error {
  return new Lo3Error('NOT_DIGITS', at, `${count} digits for ${field} (field at offset ${offset})`, describeByte(bytes[at]));
}
