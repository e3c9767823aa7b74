import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrpAdapter, readBrpMessage, type BrpAdapter } from '../../../adapters/brp/index.ts';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry, HEAD_BYTES } from '../../../adapters/registry.ts';
import { rejection } from '../../support/rejection.ts';
import { lo3Corpus, lo3CorpusFiles, UTF8_RENDERING, LO3_CORPUS } from '../brp/lo3-corpus.ts';
import { REPO, SCHEMAS, npsLk01, stufVoorbeeld, stufVoorbeelden } from '../brp-stuf-bg/stuf-corpus.ts';

const WMO301 = readFileSync(path.resolve(REPO, '../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml'));
const head = (body: Buffer) => body.subarray(0, HEAD_BYTES);

let brp: BrpAdapter;
beforeAll(() => { brp = createBrpAdapter(SCHEMAS); });
afterAll(() => brp.dispose());

describe('accepts: content sniffing on the first bytes', () => {
  const lo3 = lo3CorpusFiles().filter((f) => f.name !== UTF8_RENDERING);

  it.each(lo3.map((f) => [f.name, f.raw] as const))('LO3 %s', (_name, raw) => {
    expect(brp.accepts(head(raw))).toBe(true);
  });

  it('every RvIG JSON example', () => {
    for (const name of ['Gv01', 'Ng01', 'Ag01', 'Vb01_alle-tekens-teletex']) {
      expect(brp.accepts(readFileSync(path.join(LO3_CORPUS, 'rvig-berichten-api', `${name}.json`)))).toBe(true);
    }
  });

  it.each(stufVoorbeelden())('StUF-BG %s', (name) => {
    expect(brp.accepts(head(stufVoorbeeld(name)))).toBe(true);
  });

  it.each<[string, Buffer]>([
    ['an iWmo message', WMO301],
    ['plain text', Buffer.from('hello world, this is not a message')],
    ['digits only', Buffer.from('123456789012345678901234')],
    ['JSON without berichtType', Buffer.from('{"volgindicaties": []}')],
    ['a SOAP envelope without npsLk01', Buffer.from('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x xmlns="urn:x"/></s:Body></s:Envelope>')],
  ])('not %s', (_what, body) => {
    expect(brp.accepts(head(body))).toBe(false);
  });
});

describe('process → AcceptedMessage', () => {
  it('Gv01: family brp, type Gv01, no BSN in it', () => {
    expect(brp.process(lo3Corpus('synthetic/gv01-overlijden.GBA'))).toEqual({ family: 'brp', type: 'Gv01', bsns: [] });
  });

  it('Ag01: every BSN of the persoonslijst (person, parents, partner, children), distinct, in message order', () => {
    const accepted = brp.process(lo3Corpus('rvig-berichten-api/Ag01.GBA'));
    expect(accepted.type).toBe('Ag01');
    // 01.01.20 of the person, 02 and 03 (parents) and 09 (child), as they stand in Ag01.json
    expect(accepted.bsns).toEqual(['000004650', '997263027', '996561833', '996537867']);
  });

  it('Berichten API JSON with kenmerken: type from berichtInhoud, berichtId as correlationId', () => {
    const inhoud = JSON.parse(readFileSync(path.join(LO3_CORPUS, 'rvig-berichten-api', 'Wa11.json'), 'utf8')) as unknown;
    const body = Buffer.from(JSON.stringify({ berichtKenmerken: { berichtId: '42', berichtType: 'Wa11' }, berichtInhoud: inhoud }));
    expect(brp.process(body)).toEqual({ family: 'brp', type: 'Wa11', correlationId: '42', bsns: [] });
  });

  it('StUF-BG: type npsLk01, referentienummer as correlationId, the BSNs', () => {
    expect(brp.process(stufVoorbeeld('npsLk01-afnemersindicatie-plaatsen-T.soap.xml')))
      .toEqual({ family: 'brp', type: 'npsLk01', correlationId: '66960c945cc6', bsns: ['555555021'] });
  });

  it('StUF-BG that fails the schema is still accepted; read() lists the failures', () => {
    const body = stufVoorbeeld('npsLk01-levering-T-na-verhuizing.soap.xml');
    expect(brp.process(body).type).toBe('npsLk01');
    expect(brp.read(body).issues.length).toBeGreaterThan(0);
    expect(readBrpMessage(body).issues).toEqual([]); // without schemas: no schema check
  });
});

describe('malformed LO3 is refused with the byte offset and what was expected', () => {
  const gv01 = lo3Corpus('rvig-berichten-api/Gv01.GBA');

  it.each<[string, Buffer, string, number]>([
    ['truncated', gv01.subarray(0, 300), 'lo3-truncated', 300],
    ['one byte too many', Buffer.concat([gv01, Buffer.from('0')]), 'lo3-length-mismatch', 525],
    ['an unknown berichtnummer', Buffer.concat([Buffer.from('00000000Xx99'), gv01.subarray(12)]), 'lo3-unknown-message', 8],
    ['a category length past the message', Buffer.from(gv01.toString('latin1').replace('08272', '08999'), 'latin1'), 'lo3-length-mismatch', 29],
    ['only a random key and half a berichtnummer', Buffer.from('00000000Gv'), 'lo3-truncated', 10],
  ])('%s', (_what, body, code, offset) => {
    const err = rejection(() => brp.process(body));
    expect(err.status).toBe(400);
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]).toMatchObject({ code, path: `byte ${offset}` });
    expect(err.errors[0]!.message).toMatch(new RegExp(`at byte offset ${offset}: expected .+, found `));
    for (const value of ['5753249785', 'Zuiderparklaan', 'Appelstraat']) expect(err.message).not.toContain(value);
  });

  it('invalid Teletex inside a name: refused without the name', () => {
    const ap01 = Buffer.from(lo3Corpus('rvig-berichten-api/Ap01.GBA'));
    const at = ap01.indexOf('Ang', 0, 'latin1');
    ap01[at + 3] = 0xc2;
    ap01[at + 4] = 0x31; // a diacritic before a digit
    const err = rejection(() => brp.process(ap01));
    expect(err.errors[0]!.code).toBe('lo3-invalid-teletex');
    expect(err.message).not.toContain('Ang');
  });

  it('Berichten API JSON errors: 400 with the JSON path', () => {
    const err = rejection(() => brp.process(Buffer.from('{"berichtType":"Gv01","aNummer":"9990000018","plData":{"c08":[{"e9999":""}]}}')));
    expect(err.errors[0]).toMatchObject({ code: 'brp-json-unknown-element', path: '$.plData.c08[0].e9999' });
  });

  it('XML with a DOCTYPE: claimed (as every XML adapter does) and refused 400 doctype-forbidden', () => {
    const body = Buffer.from('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><npsLk01 xmlns="http://www.egem.nl/StUF/sector/bg/0310">&e;</npsLk01>');
    expect(brp.accepts(body)).toBe(true);
    const err = rejection(() => brp.process(body));
    expect(err.status).toBe(400);
    expect(err.errors[0]!.code).toBe('doctype-forbidden');
  });

  it('readBrpMessage on something else: 415', () => {
    expect(rejection(() => readBrpMessage(WMO301)).status).toBe(415);
  });
});

describe('read: the whole reading for the watchlist', () => {
  it('LO3: formaat, random key, the model and its classification', () => {
    const gelezen = brp.read(lo3Corpus('synthetic/gv01-emigratie.GBA'));
    expect(gelezen).toMatchObject({ formaat: 'lo3', randomKey: '00000000', bericht: { berichtType: 'Gv01', aNummer: '9990000018' }, issues: [], bsns: [] });
    expect(gelezen.classificatie.events.map((e) => e.type)).toEqual(['geemigreerd']);
  });

  it('the same message as LO3 and as Berichten API JSON reads to the same model and classification', () => {
    const lo3 = brp.read(lo3Corpus('rvig-berichten-api/Gv02.GBA'));
    const json = brp.read(readFileSync(path.join(LO3_CORPUS, 'rvig-berichten-api', 'Gv02.json')));
    expect(json.formaat).toBe('berichten-api');
    expect(json.bericht).toStrictEqual(lo3.bericht);
    expect(json.classificatie).toStrictEqual(lo3.classificatie);
  });

  it('StUF-BG W: classified from the two objects', () => {
    const body = npsLk01('W', { inhoud: '<overlijdensdatum xsi:nil="true"/>' }, { inhoud: '<overlijdensdatum>20250901</overlijdensdatum>' });
    const gelezen = brp.read(body);
    expect(gelezen).toMatchObject({ formaat: 'stuf-bg', issues: [], bsns: ['999993653'] });
    expect(gelezen.classificatie.events).toMatchObject([{ type: 'overleden', persoon: { bsn: '999993653' } }]);
  });
});

describe('in the registry next to iWmo/iJw', () => {
  let iwmo: IwmoIjwAdapter;
  let registry: AdapterRegistry;
  beforeAll(() => {
    iwmo = createIwmoIjwAdapter(SCHEMAS);
    registry = new AdapterRegistry([iwmo, createBrpAdapter(SCHEMAS)]);
  });
  afterAll(() => registry.dispose());

  it('each message reaches its own family', () => {
    expect(registry.process(WMO301).family).toBe('iwmo');
    expect(registry.process(lo3Corpus('rvig-berichten-api/Ng01.GBA'))).toMatchObject({ family: 'brp', type: 'Ng01' });
    expect(registry.process(stufVoorbeeld('npsLk01-afnemersindicatie-verwijderen-V.xml'))).toMatchObject({ family: 'brp', type: 'npsLk01' });
    expect(registry.families).toEqual(['iwmo-ijw', 'brp']);
  });

  it('a second BRP adapter in the same process loads the same schema folders again', () => {
    const tweede = createBrpAdapter(SCHEMAS);
    try {
      expect(tweede.read(stufVoorbeeld('npsLk01-afnemersindicatie-plaatsen-T.xml')).issues).toEqual([]);
    } finally {
      tweede.dispose();
    }
    expect(brp.read(stufVoorbeeld('npsLk01-afnemersindicatie-plaatsen-T.xml')).issues).toEqual([]);
  });
});
