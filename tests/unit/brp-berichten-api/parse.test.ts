import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BerichtenApiError, parseBerichtenApiJson, readBerichtenApiJson } from '../../../adapters/brp/berichten-api/index.ts';
import { classifyMutation } from '../../../adapters/brp/classify/index.ts';
import { parseLo3 } from '../../../adapters/brp/lo3/index.ts';
import { LO3_CORPUS, lo3Corpus, lo3CorpusJson } from '../brp/lo3-corpus.ts';
import { readFileSync } from 'node:fs';

const RVIG = path.join(LO3_CORPUS, 'rvig-berichten-api');
const jsonFiles = readdirSync(RVIG).filter((f) => f.endsWith('.json')).sort();

function raw(name: string): Buffer {
  return readFileSync(path.join(RVIG, name));
}

function apiError(fn: () => unknown): BerichtenApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BerichtenApiError) return e;
    throw e;
  }
  throw new Error('read without error');
}

describe('every RvIG JSON example', () => {
  it('there are 16', () => {
    expect(jsonFiles).toHaveLength(16);
  });

  it.each(jsonFiles)('%s reads into exactly the model parseLo3 gives for the .GBA beside it', (name) => {
    const { bericht, kenmerken } = parseBerichtenApiJson(raw(name));
    expect(kenmerken).toBeUndefined();
    expect(bericht).toStrictEqual(parseLo3(lo3Corpus(`rvig-berichten-api/${name.replace(/\.json$/, '.GBA')}`)).bericht);
  });

  it('the Gv02 and Ng01 in JSON classify exactly as their LO3', () => {
    for (const name of ['Gv02', 'Ng01', 'Wa11', 'Af01']) {
      expect(classifyMutation(parseBerichtenApiJson(raw(`${name}.json`)).bericht))
        .toStrictEqual(classifyMutation(parseLo3(lo3Corpus(`rvig-berichten-api/${name}.GBA`)).bericht));
    }
  });
});

describe('envelopes (openapi: PutMessage, get-message-antwoord)', () => {
  const inhoud = lo3CorpusJson('rvig-berichten-api/Gv02.json');
  const kenmerken = { berichtId: '103693694', verwijzingBerichtId: '0', berichtType: 'gv02', berichtTransportId: '190486a3-cf3d-4622-a6f7-1f2bfcd0abd6', afzender: 3000200, dtOntvangen: '2024-04-26T14:54:08.986661+02:00', opgehaald: false };

  it('{berichtKenmerken, berichtInhoud}: the message and its kenmerken (berichtType compared case-insensitively)', () => {
    const gelezen = readBerichtenApiJson({ berichtKenmerken: kenmerken, berichtInhoud: inhoud });
    expect(gelezen.bericht).toMatchObject({ berichtType: 'Gv02', aNummer: '8478102473' });
    expect(gelezen.kenmerken).toEqual({
      berichtId: '103693694', verwijzingBerichtId: '0', berichtType: 'gv02', berichtTransportId: '190486a3-cf3d-4622-a6f7-1f2bfcd0abd6',
      afzender: 3000200, dtOntvangen: '2024-04-26T14:54:08.986661+02:00',
    });
  });

  it('a get-message answer with one opgehaald bericht', () => {
    const body = JSON.stringify({ interactieId: 'x', opgehaaldeBerichten: [{ berichtKenmerken: kenmerken, berichtInhoud: inhoud }], nietOpgehaaldeBerichten: [] });
    expect(parseBerichtenApiJson(body).bericht).toMatchObject({ berichtType: 'Gv02' });
  });

  it('a get-message answer with two: NOT_ONE_MESSAGE', () => {
    const err = apiError(() => readBerichtenApiJson({ opgehaaldeBerichten: [{ berichtInhoud: inhoud }, { berichtInhoud: inhoud }] }));
    expect(err).toMatchObject({ code: 'NOT_ONE_MESSAGE', path: '$.opgehaaldeBerichten', found: 'an array of 2' });
  });

  it('kenmerken of another berichtType: INCONSISTENT', () => {
    expect(apiError(() => readBerichtenApiJson({ berichtKenmerken: { berichtType: 'Gv01' }, berichtInhoud: inhoud })).code).toBe('INCONSISTENT');
  });
});

describe('refusals name the path and never a value', () => {
  const gv01 = () => lo3CorpusJson('rvig-berichten-api/Gv01.json') as { plData: { c08: Array<Record<string, unknown>> } } & Record<string, unknown>;
  const BSN = '999993653';

  it.each<[string, () => unknown, string, string]>([
    ['an unknown berichtType', () => ({ ...gv01(), berichtType: 'Hq01' }), 'UNKNOWN_MESSAGE', '$.berichtType'],
    ['a field the Gv01Bericht does not have', () => ({ ...gv01(), status: 'A' }), 'UNKNOWN_FIELD', '$.status'],
    ['a missing aNummer', () => { const j = gv01(); delete j.aNummer; return j; }, 'MISSING_FIELD', '$.aNummer'],
    ['an aNummer of 11 characters', () => ({ ...gv01(), aNummer: '57532497850' }), 'INVALID_FIELD', '$.aNummer'],
    ['a category c18', () => ({ ...gv01(), plData: { c18: [{}] } }), 'UNKNOWN_CATEGORY', '$.plData.c18'],
    ['two stacks of c08', () => { const j = gv01(); j.plData.c08.push({}); return j; }, 'INVALID_STACKS', '$.plData.c08'],
    ['an element of category 01 in 08', () => { const j = gv01(); j.plData.c08[0]!.e0120 = BSN; return j; }, 'UNKNOWN_ELEMENT', '$.plData.c08[0].e0120'],
    ['a number as element value', () => { const j = gv01(); j.plData.c08[0]!.e0910 = 1810; return j; }, 'INVALID_VALUE', '$.plData.c08[0].e0910'],
    ['a gemeentecode of 5', () => { const j = gv01(); j.plData.c08[0]!.e0910 = '18100'; return j; }, 'INVALID_VALUE', '$.plData.c08[0].e0910'],
    ['a date that is not JJJJMMDD', () => { const j = gv01(); (j.plData.c08[0]!.historie as Array<Record<string, unknown>>)[0]!.e0920 = '2005-10-10'; return j; }, 'INVALID_VALUE', '$.plData.c08[0].historie[0].e0920'],
    ['an empty historie', () => { const j = gv01(); j.plData.c08[0]!.historie = []; return j; }, 'INVALID_STACKS', '$.plData.c08[0].historie'],
    ['__proto__ as a category', () => JSON.parse('{"berichtType":"Gv01","aNummer":"5753249785","plData":{"__proto__":[{}]}}') as unknown, 'UNKNOWN_CATEGORY', '$.plData.__proto__'],
  ])('%s', (_what, make, code, where) => {
    const err = apiError(() => readBerichtenApiJson(make()));
    expect({ code: err.code, path: err.path }).toEqual({ code, path: where });
    expect(err.message).toContain(where);
    for (const value of [BSN, '5753249785', '57532497850', 'Zuiderparklaan', '18100', '2005-10-10']) expect(err.message).not.toContain(value);
  });

  it('a BSN in a malformed element value is not echoed', () => {
    const j = lo3CorpusJson('rvig-berichten-api/Ag01.json') as { plData: { c01: Array<Record<string, unknown>> } };
    j.plData.c01[0]!.e0120 = `${BSN}0`;
    const err = apiError(() => readBerichtenApiJson(j));
    expect(err).toMatchObject({ code: 'INVALID_VALUE', path: '$.plData.c01[0].e0120' });
    expect(err.message).not.toContain(BSN);
  });

  it('invalid JSON: JSON_MALFORMED with the position, without the text around it', () => {
    const err = apiError(() => parseBerichtenApiJson(`{"berichtType":"Gv01","aNummer":"${BSN}",}`));
    expect(err.code).toBe('JSON_MALFORMED');
    expect(err.message).not.toContain(BSN);
  });

  it('bytes that are not UTF-8: JSON_MALFORMED', () => {
    expect(apiError(() => parseBerichtenApiJson(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).code).toBe('JSON_MALFORMED');
  });

  it('a UTF-8 byte order mark is allowed', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw('Ng01.json')]);
    expect(parseBerichtenApiJson(body).bericht.berichtType).toBe('Ng01');
  });
});

describe('Lg01 is held to persoonslijst.schema.json', () => {
  it('a historie in category 07 is refused there (and allowed in a Gv01)', () => {
    const lg01 = lo3CorpusJson('rvig-berichten-api/Lg01.json') as { plData: { c07: Array<Record<string, unknown>> } };
    lg01.plData.c07[0]!.historie = [{ e6710: '20120101' }];
    expect(apiError(() => readBerichtenApiJson(lg01))).toMatchObject({ code: 'UNKNOWN_FIELD', path: '$.plData.c07[0].historie' });
    const gv01 = { berichtType: 'Gv01', aNummer: '9990000018', plData: { c07: [{ e6720: 'O', historie: [{ e6720: '' }] }] } };
    expect(readBerichtenApiJson(gv01).bericht).toEqual(gv01);
  });
});
