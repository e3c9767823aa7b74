import { describe, expect, it } from 'vitest';
import { Lo3BuildError, Lo3Error, decodeTeletex, encodeTeletex } from '../../../adapters/brp/lo3/index.ts';
import { ASCII_REPERTOIRE, DIACRITIC_COMBINATIONS, RIGHT_HALF } from '../../../adapters/brp/lo3/teletex-table.ts';
import { lo3Corpus, lo3CorpusJson } from './lo3-corpus.ts';

// Vb01: key(8) + "Vb01" + berichtlengte(5), then the free text.
const teletex = lo3Corpus('rvig-berichten-api/Vb01_alle-tekens-teletex.GBA').subarray(17);
const expected = lo3CorpusJson('rvig-berichten-api/Vb01_alle-tekens-teletex.json').vrijeTekst as string;
const utf8Rendering = lo3Corpus('rvig-berichten-api/Vb01_alle-tekens-utf8.GBA').subarray(17).toString('utf8');

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('no error thrown');
}

describe('Teletex table example (Vb01_alle-tekens-teletex)', () => {
  it('decodes to the text RvIG gives beside it (vrijeTekst of the .json), exactly', () => {
    expect(decodeTeletex(teletex)).toBe(expected);
  });

  it('decodes to the readable -utf8.GBA rendering, apart from the trailing spaces that rendering dropped', () => {
    const stripped = (s: string) => s.split('\n').map((line) => line.trimEnd()).join('\n');
    expect(stripped(decodeTeletex(teletex))).toBe(stripped(utf8Rendering));
  });

  it('encode ∘ decode gives back the same bytes', () => {
    expect(encodeTeletex(decodeTeletex(teletex)).equals(teletex)).toBe(true);
  });

  it('uses every entry of the table, and only those (the table is derived from this pair)', () => {
    const singles = new Set<number>();
    const pairs = new Set<number>();
    for (let i = 0; i < teletex.length; i++) {
      const b = teletex[i]!;
      if (b >= 0xc1 && b <= 0xcf) pairs.add((b << 8) | teletex[++i]!);
      else if (b >= 0x80) singles.add(b);
    }
    expect([...singles].sort()).toEqual(RIGHT_HALF.map(([b]) => b).sort());
    const tablePairs = DIACRITIC_COMBINATIONS.flatMap(([d, bases]) => [...bases].map((c) => (d << 8) | c.charCodeAt(0)));
    expect([...pairs].sort()).toEqual(tablePairs.sort());
  });
});

describe('decodeTeletex', () => {
  it('reads a diacritic byte before its letter: Ang\\xC2elique → Angélique', () => {
    expect(decodeTeletex(Buffer.from('Ang\xC2elique', 'latin1'))).toBe('Angélique');
    expect(decodeTeletex(Buffer.from('Rouss\xF1x G\xC3uill\xC8aume', 'latin1'))).toBe('Roussæx Gûilläume');
  });

  it('maps the bytes where Teletex and ASCII/Latin-1 differ', () => {
    expect(decodeTeletex(Buffer.from([0xa4, 0xa6, 0xa8, 0xe0, 0xc2, 0x67]))).toBe('$#¤\u2126ģ');
  });

  it('decodes only the given range and reports absolute offsets', () => {
    const bytes = Buffer.from('xxAbc\x80yy', 'latin1');
    expect(decodeTeletex(bytes, 2, 5)).toBe('Abc');
    const err = thrown(() => decodeTeletex(bytes, 2, 7)) as Lo3Error;
    expect(err).toBeInstanceOf(Lo3Error);
    expect(err).toMatchObject({ code: 'INVALID_TELETEX', offset: 5, found: 'byte 0x80' });
  });

  it.each([
    ['ASCII # (Teletex has it at 0xA6)', Buffer.from('a#b'), 1],
    ['ASCII $ (Teletex has it at 0xA4)', Buffer.from('a$b'), 1],
    ['a tab', Buffer.from('a\tb'), 1],
    ['0xC9 (T.61 umlaut, not in the LO repertoire)', Buffer.from([0x61, 0xc9, 0x61]), 1],
    ['a diacritic before a digit', Buffer.from([0xc2, 0x31]), 1],
    ['a combination outside the repertoire (acute + x)', Buffer.from([0xc2, 0x78]), 1],
    ['a diacritic as the last byte', Buffer.from([0x61, 0xc2]), 2],
    ['an unassigned right-half byte', Buffer.from([0xe5]), 0],
  ])('refuses %s', (_what, bytes, offset) => {
    const err = thrown(() => decodeTeletex(bytes)) as Lo3Error;
    expect(err).toBeInstanceOf(Lo3Error);
    expect(err.code).toBe('INVALID_TELETEX');
    expect(err.offset).toBe(offset);
    expect(err.message).toContain(`byte offset ${offset}`);
  });
});

describe('encodeTeletex', () => {
  it('writes a diacritic as two bytes, the diacritic first', () => {
    expect(encodeTeletex('Angélique')).toEqual(Buffer.from('Ang\xC2elique', 'latin1'));
    expect(encodeTeletex('Angélique')).toHaveLength(10);
  });

  it('accepts decomposed letters and Greek omega', () => {
    expect(encodeTeletex('Ange\u0301lique')).toEqual(Buffer.from('Ang\xC2elique', 'latin1'));
    expect(encodeTeletex('\u03a9')).toEqual(Buffer.from([0xe0]));
  });

  it('writes # and $ at their Teletex positions', () => {
    expect(encodeTeletex('#$')).toEqual(Buffer.from([0xa6, 0xa4]));
  });

  it('round-trips every character of the repertoire', () => {
    const all = [...ASCII_REPERTOIRE, ...RIGHT_HALF.map(([, c]) => c), ...DIACRITIC_COMBINATIONS.flatMap(([, , r]) => [...r])].join('');
    expect(decodeTeletex(encodeTeletex(all))).toBe(all);
  });

  it.each([
    ['€', 'x€', 1, 'U+20AC'],
    ['a CJK character', 'ab中', 2, 'U+4E2D'],
    ['ǵ (g acute is not in the repertoire; 0xC2 g means ģ)', 'ǵ', 0, 'U+01F5'],
    ['a tilde', 'a~', 1, 'U+007E'],
  ])('refuses %s, naming the position and code point but not the text', (_what, text, index, codePoint) => {
    const err = thrown(() => encodeTeletex(text, 'plData.c01[0].e0240')) as Lo3BuildError;
    expect(err).toBeInstanceOf(Lo3BuildError);
    expect(err).toMatchObject({ code: 'UNENCODABLE_CHARACTER', path: `plData.c01[0].e0240[${index}]`, found: codePoint });
    expect(err.message).not.toContain(text);
  });
});
