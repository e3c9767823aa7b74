import { describe, expect, it } from 'vitest';
import { Lo3Error, parseLo3 } from '../../../adapters/brp/lo3/index.ts';
import { lo3Corpus } from './lo3-corpus.ts';

// RvIG Gv01.GBA, 525 bytes:
//   0 random key(8) | 8 "Gv01" | 12 A-nummer(10) | 22 berichtlengte "00498" | 27 body
//   27 cat "08", 29 len "272", elements 32..303; last element 289 "8610" 293 len "008" 296 value
//   304 cat "58", 306 len "216", elements 309..524; last element 510 "8610" 514 len "008" 517 value
const gv01 = lo3Corpus('rvig-berichten-api/Gv01.GBA');
const ANUMMER = '5753249785';

function at(raw: Buffer, offset: number, length: number): string {
  return raw.toString('latin1', offset, offset + length);
}

function patched(raw: Buffer, offset: number, text: string): Buffer {
  const copy = Buffer.from(raw);
  copy.write(text, offset, 'latin1');
  return copy;
}

function parseError(raw: Uint8Array): Lo3Error {
  try {
    parseLo3(raw);
  } catch (e) {
    if (e instanceof Lo3Error) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

function expectRefusal(raw: Uint8Array, code: Lo3Error['code'], offset: number): Lo3Error {
  const err = parseError(raw);
  expect({ code: err.code, offset: err.offset }).toEqual({ code, offset });
  expect(err).toBeInstanceOf(Error);
  expect(err.message).toContain(`byte offset ${offset}`);
  expect(err.message).toContain(`expected ${err.expected}`);
  // never a value from the message in the error text
  for (const value of [ANUMMER, 'Zuiderparklaan', 'Appelstraat', 'Angélique', 'Ang\xC2elique', '3853458937']) {
    expect(err.message).not.toContain(value);
  }
  return err;
}

describe('the offsets this file relies on', () => {
  it('are where the comment says', () => {
    expect(gv01).toHaveLength(525);
    expect([at(gv01, 8, 4), at(gv01, 22, 5), at(gv01, 27, 5), at(gv01, 289, 7), at(gv01, 304, 5), at(gv01, 510, 7)])
      .toEqual(['Gv01', '00498', '08272', '8610008', '58216', '8610008']);
    expect(() => parseLo3(gv01)).not.toThrow();
  });
});

describe('truncated input', () => {
  it.each([0, 7, 8, 11, 12, 21, 22, 26, 27, 31, 100, 304, 308, 524])('cut after %i bytes → TRUNCATED at that offset', (cut) => {
    expectRefusal(gv01.subarray(0, cut), 'TRUNCATED', cut);
  });

  it('says how much the berichtlengte promised', () => {
    const err = expectRefusal(gv01.subarray(0, 100), 'TRUNCATED', 100);
    expect(err.expected).toContain('498 bytes');
    expect(err.found).toBe('73 bytes');
  });
});

describe('length fields that do not add up', () => {
  it.each([
    ['berichtlengte one too large', 22, '00499', 'TRUNCATED', 525],
    ['berichtlengte one too small (one byte left over)', 22, '00497', 'LENGTH_MISMATCH', 524],
    ['categorielengte of 08 one too large (1 stray byte in the category)', 29, '273', 'LENGTH_MISMATCH', 29],
    ['categorielengte of 08 one too small (its last element runs past it)', 29, '271', 'LENGTH_MISMATCH', 293],
    ['categorielengte of 58 one too large (past the end of the message)', 306, '217', 'LENGTH_MISMATCH', 306],
    ['categorielengte of 58 one too small (its last element runs past it)', 306, '215', 'LENGTH_MISMATCH', 514],
    ['elementlengte of the last element one too large', 514, '009', 'LENGTH_MISMATCH', 514],
    ['elementlengte of the last element one too small (1 stray byte in the category)', 514, '007', 'LENGTH_MISMATCH', 306],
  ] as const)('%s', (_what, offset, text, code, errorOffset) => {
    expectRefusal(patched(gv01, offset, text), code, errorOffset);
  });
});

describe('unknown message number', () => {
  it.each([['Xx99'], ['Hq01'], ['Gv03'], ['gv01']])('%s → UNKNOWN_MESSAGE at offset 8', (nummer) => {
    const err = expectRefusal(patched(gv01, 8, nummer), 'UNKNOWN_MESSAGE', 8);
    expect(err.found).toBe(nummer);
    expect(err.expected).toContain('Gv01');
  });

  it('shows non-printable bytes as hex', () => {
    const err = expectRefusal(patched(gv01, 8, '\x00\xff\x01\x02'), 'UNKNOWN_MESSAGE', 8);
    expect(err.found).toBe('byte 0x00 byte 0xFF byte 0x01 byte 0x02');
  });
});

describe('a non-digit where digits must be', () => {
  it.each([
    ['random key', 0, 'A', 0],
    ['A-nummer in the header', 17, 'A', 17],
    ['berichtlengte', 24, 'A', 24],
    ['categorie', 28, 'x', 28],
    ['categorielengte', 30, 'x', 30],
    ['element code', 34, 'x', 34],
    ['elementlengte', 515, 'O', 515],
  ] as const)('%s → NOT_DIGITS at the offending byte', (field, offset, text, errorOffset) => {
    const err = expectRefusal(patched(gv01, offset, text), 'NOT_DIGITS', errorOffset);
    expect(err.expected).toContain(field === 'A-nummer in the header' ? 'aNummer' : field);
    expect(err.found).toBe(`byte 0x${text.charCodeAt(0).toString(16).toUpperCase()}`);
  });
});

describe('other refusals', () => {
  it('an unknown category (18) and a non-historic 5x (50) → UNKNOWN_CATEGORY', () => {
    expectRefusal(patched(gv01, 27, '18'), 'UNKNOWN_CATEGORY', 27);
    expectRefusal(patched(gv01, 304, '50'), 'UNKNOWN_CATEGORY', 304);
  });

  it('the same element twice in one occurrence → DUPLICATE_ELEMENT at the second', () => {
    const raw = Buffer.from('00000000Ng0100039' + '01034' + '0110010' + '3853458937' + '0110010' + '3853458937', 'latin1');
    expectRefusal(raw, 'DUPLICATE_ELEMENT', 39);
  });

  it('a byte outside the Teletex repertoire in a value → INVALID_TELETEX at that byte', () => {
    const ap01 = lo3Corpus('rvig-berichten-api/Ap01.GBA');
    const diacritic = ap01.indexOf(0xc2);
    expect(diacritic).toBeGreaterThan(0);
    const raw = Buffer.from(ap01);
    raw[diacritic] = 0xc9;
    expectRefusal(raw, 'INVALID_TELETEX', diacritic);
  });

  it('a status that is not alphanumeric → INVALID_HEADER_VALUE', () => {
    const ag01 = lo3Corpus('operatiebrp/ag01-mailbox.GBA');
    expect(at(ag01, 12, 1)).toBe('A');
    expectRefusal(patched(ag01, 12, '#'), 'INVALID_HEADER_VALUE', 12);
  });

  it('an empty input', () => {
    expectRefusal(Buffer.alloc(0), 'TRUNCATED', 0);
  });
});
