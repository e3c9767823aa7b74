// Teletex (T.61) ⇄ JS string for LO3. Never read LO3 bytes as UTF-8: a diacritic is its own byte
// (0xC1–0xCF) *before* the letter, and lengths in LO3 count these bytes.
import { Lo3BuildError, Lo3Error, describeByte } from './errors.ts';
import { ASCII_REPERTOIRE, DIACRITIC_COMBINATIONS, ENCODE_ALIASES, RIGHT_HALF } from './teletex-table.ts';

/** 1 = ASCII byte that decodes to itself. */
const PLAIN = new Uint8Array(256);
/** Right-half single bytes → character. */
const SINGLE: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);
/** 1 = non-spacing diacritic byte that must be followed by a base letter. */
const DIACRITIC = new Uint8Array(256);
/** (diacritic << 8 | base) → character. */
const PAIR = new Map<number, string>();
/** Character → its one or two bytes. */
const ENCODE = new Map<string, readonly number[]>();

for (const ch of ASCII_REPERTOIRE) {
  PLAIN[ch.charCodeAt(0)] = 1;
  ENCODE.set(ch, [ch.charCodeAt(0)]);
}
for (const [byte, ch] of RIGHT_HALF) {
  SINGLE[byte] = ch;
  ENCODE.set(ch, [byte]);
}
for (const [diacritic, bases, results] of DIACRITIC_COMBINATIONS) {
  DIACRITIC[diacritic] = 1;
  const resultChars = [...results];
  [...bases].forEach((base, i) => {
    const ch = resultChars[i]!;
    PAIR.set((diacritic << 8) | base.charCodeAt(0), ch);
    ENCODE.set(ch, [diacritic, base.charCodeAt(0)]);
  });
}
for (const [ch, byte] of ENCODE_ALIASES) ENCODE.set(ch, [byte]);

const REPERTOIRE = 'a character of the LO3 Teletex repertoire (LO 3 Bijlage II)';

/**
 * Decodes `bytes[start, end)` from Teletex. Throws Lo3Error INVALID_TELETEX with the absolute offset
 * of the first byte outside the repertoire (or of a diacritic without a valid base letter).
 */
export function decodeTeletex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let i = start;
  while (i < end && PLAIN[bytes[i]!] === 1) i++;
  if (i === end) return latin1(bytes, start, end);

  let text = latin1(bytes, start, i);
  while (i < end) {
    const byte = bytes[i]!;
    if (PLAIN[byte] === 1) {
      const runStart = i;
      while (i < end && PLAIN[bytes[i]!] === 1) i++;
      text += latin1(bytes, runStart, i);
      continue;
    }
    const single = SINGLE[byte];
    if (single !== undefined) {
      text += single;
      i++;
      continue;
    }
    if (DIACRITIC[byte] === 1) {
      const base = i + 1 < end ? bytes[i + 1] : undefined;
      const ch = base === undefined ? undefined : PAIR.get((byte << 8) | base);
      if (ch === undefined) {
        throw new Lo3Error('INVALID_TELETEX', i + 1, `a base letter that diacritic ${describeByte(byte)} may precede`,
          i + 1 < end ? describeByte(base) : 'end of value');
      }
      text += ch;
      i += 2;
      continue;
    }
    throw new Lo3Error('INVALID_TELETEX', i, REPERTOIRE, describeByte(byte));
  }
  return text;
}

/**
 * Encodes `text` as Teletex. Accepts composed (NFC) and decomposed letters with a diacritic.
 * Throws Lo3BuildError UNENCODABLE_CHARACTER naming `path` and the character index (never the text).
 */
export function encodeTeletex(text: string, path = 'text'): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (next >= 0x300 && next <= 0x36f) {
      // a base letter followed by a combining diacritic (decomposed input)
      const bytes = ENCODE.get(text.slice(i, i + 2).normalize('NFC'));
      if (bytes === undefined || bytes.length !== 2) throw unencodable(text, i, path);
      out[n++] = bytes[0]!;
      out[n++] = bytes[1]!;
      i++;
      continue;
    }
    if (code < 0x80 && PLAIN[code] === 1) {
      out[n++] = code;
      continue;
    }
    const bytes = ENCODE.get(text[i]!);
    if (bytes === undefined) throw unencodable(text, i, path);
    for (const b of bytes) out[n++] = b;
  }
  return out.subarray(0, n);
}

function unencodable(text: string, index: number, path: string): Lo3BuildError {
  const cp = text.codePointAt(index) ?? 0;
  return new Lo3BuildError('UNENCODABLE_CHARACTER', `${path}[${index}]`, REPERTOIRE,
    `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.toString('latin1', start, end);
}
