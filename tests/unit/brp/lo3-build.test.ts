import { describe, expect, it } from 'vitest';
import { Lo3BuildError, buildAp01, buildAv01, parseLo3 } from '../../../adapters/brp/lo3/index.ts';
import type { Ap01Bericht, Av01Bericht, PlData, Stapel } from '../../../adapters/brp/lo3/index.ts';
import { DIACRITIC_COMBINATIONS, RIGHT_HALF } from '../../../adapters/brp/lo3/teletex-table.ts';
import { lo3Corpus, lo3CorpusJson } from './lo3-corpus.ts';

function ap01(plData: PlData, herhaling = '0'): Ap01Bericht {
  return { berichtType: 'Ap01', herhaling, plData };
}

function av01(aNummer: string): Av01Bericht {
  return { berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: aNummer }] } };
}

function buildError(fn: () => unknown): Lo3BuildError {
  try {
    fn();
  } catch (e) {
    if (e instanceof Lo3BuildError) return e;
    throw e;
  }
  throw new Error('built without error');
}

describe('buildAp01 / buildAv01 against the RvIG examples', () => {
  it('Ap01.json builds to exactly Ap01.GBA', () => {
    const bericht = lo3CorpusJson('rvig-berichten-api/Ap01.json') as unknown as Ap01Bericht;
    expect(buildAp01(bericht).equals(lo3Corpus('rvig-berichten-api/Ap01.GBA'))).toBe(true);
  });

  it('Av01.json builds to exactly Av01.GBA', () => {
    const bericht = lo3CorpusJson('rvig-berichten-api/Av01.json') as unknown as Av01Bericht;
    expect(buildAv01(bericht).equals(lo3Corpus('rvig-berichten-api/Av01.GBA'))).toBe(true);
  });
});

describe('build → parse gives back the input', () => {
  it.each([
    ['by BSN', ap01({ c01: [{ e0120: '999993653' }] })],
    ['by A-nummer with herhaling 1', ap01({ c01: [{ e0110: '9990000018' }] }, '1')],
    ['by name and birth date, with diacritics', ap01({ c01: [{ e0210: 'Zoë Anaïs', e0230: "'t", e0240: 'Ørsted-Łukasiewicz', e0310: '19870410' }] })],
    ['by postcode', ap01({ c01: [{ e0240: 'Jansen' }], c08: [{ e1160: '1011AB', e1120: '17' }] })],
    ['by historic BSN only (51.01.20)', ap01({ c01: [{ historie: [{ e0120: '999993653' }] }] })],
    ['with an empty element', ap01({ c01: [{ e0120: '999993653', e0230: '' }] })],
  ])('Ap01 %s', (_what, bericht) => {
    expect(parseLo3(buildAp01(bericht, { randomKey: '12345678' }))).toStrictEqual({ randomKey: '12345678', bericht });
  });

  it('Av01', () => {
    const bericht = av01('9990000018');
    expect(parseLo3(buildAv01(bericht))).toStrictEqual({ randomKey: '00000000', bericht });
  });

  it('counts bytes, not characters, in every length field', () => {
    const raw = buildAp01(ap01({ c01: [{ e0240: 'Béamont' }] }));
    // header(12) + herhaling "0" + berichtlengte "00020" + cat "01" "015" + "0240" "008" + B \xC2 e a m o n t
    expect(raw.toString('latin1')).toBe('00000000Ap01000020010150240008B\xC2eamont');
  });

  it('200 generated Ap01s round-trip', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = [
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.\'/()',
      ...RIGHT_HALF.map(([, c]) => c),
      ...DIACRITIC_COMBINATIONS.flatMap(([, , results]) => [...results]),
    ];
    const text = (max: number) => Array.from({ length: next(max) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 200; i++) {
      const persoon: Stapel = { e0120: String(100000000 + next(899999999)), e0210: text(60), e0240: text(200) };
      if (next(2) === 1) persoon.historie = [{ e0240: text(40) }, { e0210: text(20), e0240: text(40) }];
      const bericht = ap01({ c01: [persoon] });
      const randomKey = String(next(10 ** 8)).padStart(8, '0');
      expect(parseLo3(buildAp01(bericht, { randomKey }))).toStrictEqual({ randomKey, bericht });
    }
  });

  it('decomposed input comes back composed (NFC)', () => {
    const { bericht } = parseLo3(buildAp01(ap01({ c01: [{ e0240: 'Ange\u0301lique' }] })));
    expect(bericht).toMatchObject({ plData: { c01: [{ e0240: 'Angélique' }] } });
  });
});

describe('refusals', () => {
  it.each([
    ['no identifying rubriek', ap01({ c01: [{ e0210: 'Jan', e0310: '19870410' }] }), 'MISSING_IDENTIFICATION', 'plData'],
    ['an identifying rubriek that is empty', ap01({ c01: [{ e0120: '' }] }), 'MISSING_IDENTIFICATION', 'plData'],
    ['indicatie onjuist (84.10)', ap01({ c01: [{ e0120: '999993653', e8410: 'O' }] }), 'INVALID_VALUE', 'plData.c01[0].e8410'],
    ['a BSN of 8 digits', ap01({ c01: [{ e0120: '99999365' }] }), 'INVALID_VALUE', 'plData.c01[0].e0120'],
    ['an A-nummer with a letter', ap01({ c01: [{ e0110: '99900000A8' }] }), 'INVALID_VALUE', 'plData.c01[0].e0110'],
    ['a character outside Teletex', ap01({ c01: [{ e0120: '999993653', e0240: 'Jan€' }] }), 'UNENCODABLE_CHARACTER', 'plData.c01[0].e0240[3]'],
    ['a value over 999 bytes', ap01({ c01: [{ e0120: '999993653', e0240: 'é'.repeat(500) }] }), 'TOO_LONG', 'plData.c01[0].e0240'],
    ['a category over 999 bytes', ap01({ c01: [{ e0120: '999993653', e0210: 'a'.repeat(600), e0240: 'b'.repeat(400) }] }), 'TOO_LONG', 'plData.c01[0]'],
    ['an unknown category', ap01({ c01: [{ e0120: '999993653' }], c18: [{ e1010: 'x' }] }), 'UNKNOWN_CATEGORY', 'plData.c18'],
    ['a malformed element code', ap01({ c01: [{ e0120: '999993653', e12: 'x' } as never] }), 'INVALID_ELEMENT_CODE', 'plData.c01[0].e12'],
    ['an empty historie array', ap01({ c01: [{ e0120: '999993653', historie: [] }] }), 'INVALID_VALUE', 'plData.c01[0].historie'],
    ['a herhaling that is not one digit', ap01({ c01: [{ e0120: '999993653' }] }, 'x'), 'INVALID_HEADER_FIELD', 'herhaling'],
  ] as const)('Ap01 with %s', (_what, bericht, code, path) => {
    const err = buildError(() => buildAp01(bericht));
    expect({ code: err.code, path: err.path }).toEqual({ code, path });
    expect(err.message).not.toMatch(/99999365|99900000A8|Jan€/);
  });

  it('a random key that is not 8 digits', () => {
    const err = buildError(() => buildAp01(ap01({ c01: [{ e0120: '999993653' }] }), { randomKey: '1234567' }));
    expect({ code: err.code, path: err.path }).toEqual({ code: 'INVALID_HEADER_FIELD', path: 'randomKey' });
  });

  it('the wrong berichtType', () => {
    const err = buildError(() => buildAp01({ ...ap01({ c01: [{ e0120: '999993653' }] }), berichtType: 'Av01' } as never));
    expect(err.code).toBe('INVALID_HEADER_FIELD');
  });

  it.each([
    ['without A-nummer', { berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0120: '999993653' }] } }, 'MISSING_IDENTIFICATION'],
    ['with an empty A-nummer', av01(''), 'MISSING_IDENTIFICATION'],
    ['with more than 01.01.10', { berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: '9990000018', e0120: '999993653' }] } }, 'INVALID_VALUE'],
    ['with a second category', { berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: '9990000018' }], c08: [{ e1160: '1011AB' }] } }, 'INVALID_VALUE'],
    ['with an A-nummer of 9 digits', av01('999000001'), 'INVALID_VALUE'],
  ] as const)('Av01 %s', (_what, bericht, code) => {
    expect(buildError(() => buildAv01(bericht as Av01Bericht)).code).toBe(code);
  });
});
