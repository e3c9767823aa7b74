import { describe, expect, it } from 'vitest';
import { Lo3Error, parseLo3, serializeLo3 } from '../../../adapters/brp/lo3/index.ts';
import type { Gv01Bericht, Lg01Bericht, ParsedLo3 } from '../../../adapters/brp/lo3/index.ts';
import { UTF8_RENDERING, lo3Corpus, lo3CorpusFiles } from './lo3-corpus.ts';

const files = lo3CorpusFiles();
const messages = files.filter((f) => f.name !== UTF8_RENDERING);

function parseError(raw: Uint8Array): Lo3Error {
  try {
    parseLo3(raw);
  } catch (e) {
    if (e instanceof Lo3Error) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('LO3 corpus', () => {
  it('holds the expected examples', () => {
    expect(messages.length).toBeGreaterThanOrEqual(24); // 16 RvIG + 4 synthetic + 4 OperatieBRP
    expect(messages.filter((f) => f.json !== undefined).length).toBeGreaterThanOrEqual(16);
  });

  describe.each(messages.map((f) => [f.name, f] as const))('%s', (name, file) => {
    it('parses, with the berichtnummer of its file name', () => {
      const parsed = parseLo3(file.raw);
      const fromName = /(^|\/)([A-Za-z]{2}\d{2})/.exec(name)![2]!;
      expect(parsed.bericht.berichtType.toLowerCase()).toBe(fromName.toLowerCase());
      expect(parsed.randomKey).toMatch(/^\d{8}$/);
    });

    it('serializes back to the same bytes', () => {
      const parsed = parseLo3(file.raw);
      expect(serializeLo3(parsed.bericht, parsed.randomKey).equals(file.raw)).toBe(true);
    });

    if (file.json !== undefined) {
      it('equals the RvIG JSON beside it, field for field', () => {
        expect(parseLo3(file.raw).bericht).toStrictEqual(file.json);
      });
    }
  });
});

describe('LO3 parse, what the examples mean', () => {
  it('Gv01: A-nummer from the header, new values current, old ones in historie, 000 = empty (worked example 2)', () => {
    const { bericht } = parseLo3(lo3Corpus('rvig-berichten-api/Gv01.GBA')) as ParsedLo3 & { bericht: Gv01Bericht };
    expect(bericht.aNummer).toBe('5753249785');
    const c08 = bericht.plData.c08![0]!;
    expect(c08.e0910).toBe('1810');
    expect(c08.e1310).toBe('');
    expect(c08.historie).toHaveLength(1);
    expect(c08.historie![0]!.e0910).toBe('1995');
    expect(c08.historie![0]!.e1410).toBe('');
  });

  it('Gv01 with "59 000": an empty historic occurrence (new child, no previous one)', () => {
    const { bericht } = parseLo3(lo3Corpus('rvig-berichten-api/Gv01-lege-cat59.GBA'));
    expect(bericht).toMatchObject({ plData: { c09: [{ historie: [{}] }] } });
  });

  it('Af01 with only category 51: a stack without current elements', () => {
    const { bericht } = parseLo3(lo3Corpus('rvig-berichten-api/Af01.GBA'));
    expect(bericht).toMatchObject({ berichtType: 'Af01', foutreden: 'H', gemeente: '0000', aNummer: '0000000000' });
    const stapel = (bericht as Gv01Bericht).plData.c01![0]!;
    expect(Object.keys(stapel)).toEqual(['historie']);
  });

  it('Ap01: a diacritic is two bytes and the element length counts bytes (Ang\\xC2elique = 10 bytes)', () => {
    const raw = lo3Corpus('rvig-berichten-api/Ap01.GBA');
    expect(raw.includes(Buffer.from('0210010Ang\xC2elique', 'latin1'))).toBe(true);
    expect(parseLo3(raw).bericht).toMatchObject({ herhaling: '0', plData: { c01: [{ e0210: 'Angélique' }] } });
  });

  it('Ag31: a repeating category (04) gives one stack per current occurrence', () => {
    const { bericht } = parseLo3(lo3Corpus('rvig-berichten-api/Ag31.GBA'));
    const c04 = (bericht as Gv01Bericht).plData.c04!;
    expect(c04).toHaveLength(3);
    expect(c04.map((s) => s.historie?.length ?? 0)).toEqual([1, 0, 1]);
  });

  it('Lg01 from OperatieBRP: elements in arbitrary order land in the same map; header datumTijd(17)', () => {
    const { bericht } = parseLo3(lo3Corpus('operatiebrp/lg01-emigratie-rni.GBA')) as ParsedLo3 & { bericht: Lg01Bericht };
    expect(bericht.datumTijd).toHaveLength(17);
    const c08 = bericht.plData.c08![0]!;
    expect(c08.e0910).toBe('1999');
    expect(c08.e1310).toBe('8017');
    expect(bericht.plData.c07![0]!.e6720).toBe('E');
    expect(bericht.plData.c14).toHaveLength(3); // three afnemersindicaties
  });

  it('synthetic Gv01s carry what their README says', () => {
    const plData = (name: string) => (parseLo3(lo3Corpus(`synthetic/${name}.GBA`)).bericht as Gv01Bericht).plData;
    const inter = plData('gv01-verhuizing-intergemeentelijk').c08![0]!;
    expect([inter.e0910, inter.historie![0]!.e0910]).toEqual(['0344', '0363']);
    expect(plData('gv01-verhuizing-binnengemeentelijk').c08![0]!.e0910).toBeUndefined();
    const emigratie = plData('gv01-emigratie');
    expect([emigratie.c08![0]!.e1310, emigratie.c08![0]!.e0910, emigratie.c07![0]!.e6720]).toEqual(['5010', '1999', 'E']);
    const overlijden = plData('gv01-overlijden');
    expect(overlijden.c06![0]!.e0810).toBe('20250901');
    expect(overlijden.c06![0]!.historie).toEqual([{}]);
    expect(overlijden.c07![0]!.e6720).toBe('O');
  });
});

describe('the UTF-8 rendering of the Teletex table is not an LO3 message', () => {
  const raw = lo3Corpus(UTF8_RENDERING);

  it('is refused: its berichtlengte (8136, the UTF-8 size before trailing spaces were stripped) exceeds its 8126 bytes', () => {
    const err = parseError(raw);
    expect(err.code).toBe('TRUNCATED');
    expect(err.offset).toBe(raw.length);
  });

  it('with the length corrected it is still refused: UTF-8 bytes are not Teletex', () => {
    const fixed = Buffer.concat([raw.subarray(0, 12), Buffer.from(String(raw.length - 17).padStart(5, '0')), raw.subarray(17)]);
    const err = parseError(fixed);
    expect(err.code).toBe('INVALID_TELETEX');
    const firstHigh = fixed.findIndex((b, i) => i >= 17 && b >= 0x80);
    expect(err.offset).toBe(firstHigh + 1); // 0xC2 (read as a diacritic) followed by 0xA1, which is no base letter
  });
});
