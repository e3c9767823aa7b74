// Raw LO3 bytes → RvIG JSON model, with an exact length check. Refuses malformed input with Lo3Error.
import { readDigitString, readNumber } from './digits.ts';
import { Lo3Error, describeByte } from './errors.ts';
import {
  BERICHTLENGTE_LENGTE, BERICHTNUMMER_LENGTE, BERICHTNUMMERS, KOP_VELDEN, RANDOM_KEY_LENGTE,
  heeftVrijeTekst, isAlfanumeriekeKopByte, isBerichtnummer,
} from './kop.ts';
import type { KopVeld, Lo3Bericht, ParsedLo3 } from './model.ts';
import { parsePlData } from './parse-pl-data.ts';
import { decodeTeletex } from './teletex.ts';

/** Parses one LO3 message (Teletex bytes, not text). Throws Lo3Error naming the byte offset of the first fault. */
export function parseLo3(raw: Uint8Array): ParsedLo3 {
  requireBytes(raw, 0, RANDOM_KEY_LENGTE, 'random key (8 digits)');
  const randomKey = readDigitString(raw, 0, RANDOM_KEY_LENGTE, 'random key');

  let p = RANDOM_KEY_LENGTE;
  requireBytes(raw, p, BERICHTNUMMER_LENGTE, 'berichtnummer (4 characters)');
  const berichtnummer = readBerichtnummer(raw, p);
  p += BERICHTNUMMER_LENGTE;

  // Field order matters only for the bytes; the object keys follow the RvIG JSON order.
  const bericht: Record<string, unknown> = { berichtType: berichtnummer };
  for (const veld of KOP_VELDEN[berichtnummer]) {
    requireBytes(raw, p, veld.lengte, `${veld.naam} (${veld.lengte} ${veld.soort === 'numeriek' ? 'digits' : 'characters'})`);
    bericht[veld.naam] = readKopVeld(raw, p, veld);
    p += veld.lengte;
  }

  requireBytes(raw, p, BERICHTLENGTE_LENGTE, 'berichtlengte (5 digits)');
  const berichtlengte = readNumber(raw, p, BERICHTLENGTE_LENGTE, 'berichtlengte');
  const lengteOffset = p;
  const start = p + BERICHTLENGTE_LENGTE;
  const end = start + berichtlengte;
  if (raw.length < end) {
    throw new Lo3Error('TRUNCATED', raw.length, `${berichtlengte} bytes after the berichtlengte at offset ${lengteOffset}`,
      `${raw.length - start} bytes`);
  }
  if (raw.length > end) {
    throw new Lo3Error('LENGTH_MISMATCH', end, `the end of the message after ${berichtlengte} bytes (berichtlengte at offset ${lengteOffset})`,
      `${raw.length - end} more byte(s)`);
  }

  if (heeftVrijeTekst(berichtnummer)) bericht.vrijeTekst = decodeTeletex(raw, start, end);
  else bericht.plData = parsePlData(raw, start, end);
  return { randomKey, bericht: bericht as unknown as Lo3Bericht };
}

function readBerichtnummer(raw: Uint8Array, p: number) {
  const text = String.fromCharCode(raw[p]!, raw[p + 1]!, raw[p + 2]!, raw[p + 3]!);
  if (isBerichtnummer(text)) return text;
  const shown = /^[A-Za-z]{2}[0-9]{2}$/.test(text)
    ? text
    : Array.from(raw.subarray(p, p + BERICHTNUMMER_LENGTE), (b) => describeByte(b)).join(' ');
  throw new Lo3Error('UNKNOWN_MESSAGE', p, `a berichtnummer this parser supports (${BERICHTNUMMERS.join(', ')})`, shown);
}

function readKopVeld(raw: Uint8Array, p: number, veld: KopVeld): string {
  if (veld.soort === 'numeriek') return readDigitString(raw, p, veld.lengte, veld.naam);
  let s = '';
  for (let i = p; i < p + veld.lengte; i++) {
    const b = raw[i]!;
    if (!isAlfanumeriekeKopByte(b)) {
      throw new Lo3Error('INVALID_HEADER_VALUE', i, `${veld.naam}: A–Z, a–z, 0–9 or space (field at offset ${p})`, describeByte(b));
    }
    s += String.fromCharCode(b);
  }
  return s;
}

function requireBytes(raw: Uint8Array, p: number, count: number, what: string): void {
  if (raw.length < p + count) {
    throw new Lo3Error('TRUNCATED', raw.length, `${what} at offset ${p}`, `end of input after ${raw.length} bytes`);
  }
}
