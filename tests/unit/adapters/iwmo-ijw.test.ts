import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { toAcceptedMessage } from '../../../adapters/iwmo-ijw/accepted.ts';
import { createIwmoIjwAdapter, MESSAGE_SPECS, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry } from '../../../adapters/registry.ts';
import type { AcceptedMessage, PartyRef } from '../../../adapters/types.ts';
import { rejection } from '../../support/rejection.ts';
import { corpusFiles } from '../../support/corpus.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = path.resolve(REPO, '../shared/corpus/istandaarden');
const RETOURS = ['302', '306', '308', '316', '318', '320'];

// What the sample says, read with plain regular expressions (independent of the adapter's XPath).
function expectedFrom(file: string, text: string): AcceptedMessage {
  const type = file.replace('.xml', '');
  const one = (el: string) => new RegExp(`<\\w+:${el}>([^<]*)</\\w+:${el}>`).exec(text)?.[1] ?? '';
  const party = (code: string): PartyRef => ({ kind: code.length === 4 ? 'gemeentecode' : 'agb', code });
  const idBlock = /<\w+:BerichtIdentificatie>([\s\S]*?)<\/\w+:BerichtIdentificatie>/.exec(text)?.[1] ?? '';
  const afzender = party(one('Afzender')), ontvanger = party(one('Ontvanger'));
  const retour = RETOURS.includes(type.slice(-3));
  return {
    family: type.startsWith('WMO') ? 'iwmo' : 'ijw',
    type,
    correlationId: /<\w+:Identificatie>([^<]*)</.exec(idBlock)?.[1] ?? '',
    sender: retour ? ontvanger : afzender,
    addressee: retour ? afzender : ontvanger,
    bsns: [...new Set([...text.matchAll(/<\w+:Bsn>([^<]*)</g)].map((m) => m[1]!))],
  };
}

describe('iWmo/iJw 3.2 adapter', () => {
  let adapter: IwmoIjwAdapter;
  let registry: AdapterRegistry;
  beforeAll(() => {
    adapter = createIwmoIjwAdapter(path.join(REPO, 'schemas'));
    registry = new AdapterRegistry([adapter]);
  });
  afterAll(() => registry.dispose());

  it('knows all 14 messages of both standards, with the BerichtCode their XSD fixes', () => {
    expect(MESSAGE_SPECS).toHaveLength(28);
    for (const spec of MESSAGE_SPECS) {
      const xsd = readFileSync(path.join(REPO, 'schemas/istandaarden', `${spec.family}-3.2`, spec.xsdFile), 'utf8');
      expect(xsd).toContain(`targetNamespace="${spec.namespace}"`);
      const code = /name="BerichtCode"[\s\S]*?<xs:pattern value="(\d{3})"/.exec(xsd)?.[1];
      expect(`${spec.type} ${code}`).toBe(`${spec.type} ${spec.berichtCode}`);
    }
  });

  it('compiles the 28 validators up front, in well under the start-up budget', () => {
    expect(adapter.compileMs).toBeGreaterThan(0);
    expect(adapter.compileMs).toBeLessThan(2000);
  });

  it('can live twice in one process (a second gateway), and outlives the other one', () => {
    const body = readFileSync(path.join(CORPUS, 'ijw-3.2/samples/JW301.xml'));
    const second = createIwmoIjwAdapter(path.join(REPO, 'schemas'));
    expect(second.process(body).type).toBe('JW301');
    second.dispose();
    expect(adapter.process(body).type).toBe('JW301');
  });

  const valid = [...corpusFiles('iwmo-3.2/samples'), ...corpusFiles('ijw-3.2/samples')].map(({ name, body }) => ({ file: name, body }));
  it('has the 26 valid corpus samples to test with', () => expect(valid).toHaveLength(26));

  it.each(valid)('accepts $file with family, type, correlation, parties and BSNs', ({ file, body }) => {
    const { model, ...got } = registry.process(body);
    const expected = expectedFrom(file, body.toString('utf8'));
    expect(expected.correlationId).not.toBe('');
    expect(got).toEqual(expected);
    // The canonical model comes from the same parse (tests/unit/iwmo-ijw-rules/model-one-parse.test.ts).
    expect((model as { type: string }).type).toBe(got.type);
  });

  it('reads the values the samples carry', () => {
    const read = (dir: string, f: string) => {
      const { model: _model, ...message } = registry.process(readFileSync(path.join(CORPUS, dir, f)));
      return message;
    };
    expect(read('iwmo-3.2/samples', 'WMO301.xml')).toEqual({
      family: 'iwmo', type: 'WMO301', correlationId: '123456789012',
      sender: { kind: 'gemeentecode', code: '0384' }, addressee: { kind: 'agb', code: '42420001' }, bsns: ['999900006'],
    });
    // retour: header copied from the 301, so it travels the other way
    expect(read('iwmo-3.2/samples', 'WMO302.xml')).toMatchObject({
      type: 'WMO302', sender: { kind: 'agb', code: '42420001' }, addressee: { kind: 'gemeentecode', code: '0384' },
    });
    expect(read('iwmo-3.2/samples', 'WMO323.xml')).toMatchObject({
      type: 'WMO323', correlationId: '765432198', sender: { kind: 'agb', code: '65656055' }, bsns: ['999900006', '999900018'],
    });
    // 325 is an answer with its own header (not a retour): the gemeente is the Afzender and the sender
    expect(read('ijw-3.2/samples', 'JW325.xml')).toMatchObject({
      family: 'ijw', type: 'JW325', correlationId: '654321987', sender: { kind: 'gemeentecode', code: '0384' }, addressee: { kind: 'agb', code: '65656055' },
    });
    expect(read('ijw-3.2/samples', 'JW316.xml')).toMatchObject({ sender: { kind: 'gemeentecode', code: '0384' }, addressee: { kind: 'agb', code: '42420001' } });
  });

  it('lists a BSN that occurs twice only once', () => {
    const text = readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO323.xml'), 'utf8').replace('999900018', '999900006');
    expect(registry.process(Buffer.from(text)).bsns).toEqual(['999900006']);
  });

  it('refuses samples-invalid/JW315.xml with the XSD errors on lines 44 and 66', () => {
    const err = rejection(() => registry.process(readFileSync(path.join(CORPUS, 'ijw-3.2/samples-invalid/JW315.xml'))));
    expect(err.status).toBe(400);
    expect(err.errors.map((e) => [e.code, e.line])).toEqual([['xsd-invalid', 44], ['xsd-invalid', 66]]);
    for (const e of err.errors) {
      expect(e.path).toMatch(/AangevraagdProduct\[\d\]\/jw315:ToewijzingEinddatum$/);
      expect(e.message).toContain('LDT_Datum');
      expect(e.message).not.toContain('2027-06-31');
    }
  });

  it('refuses samples-invalid/JW318.xml with the XSD error on line 33', () => {
    const err = rejection(() => registry.process(readFileSync(path.join(CORPUS, 'ijw-3.2/samples-invalid/JW318.xml'))));
    expect(err.status).toBe(400);
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]).toMatchObject({ code: 'xsd-invalid', line: 33, path: '/jw318:Bericht/jw318:Client/jw318:Verzoek/jw318:RetourCode' });
    expect(err.errors[0]!.message).toMatch(/RetourCode': This element is not expected/);
  });

  it('never puts the BSN of an invalid message in the error', () => {
    const text = readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO301.xml'), 'utf8').replace('<wmo301:Bsn>999900006<', '<wmo301:Bsn>99990000X<');
    const err = rejection(() => registry.process(Buffer.from(text)));
    expect(err.errors[0]).toMatchObject({ code: 'xsd-invalid', line: 19, path: '/wmo301:Bericht/wmo301:Client/wmo301:Bsn' });
    expect(JSON.stringify(err.errors)).not.toContain('99990000X');
    expect(err.message).not.toContain('99990000X');
  });

  it('refuses a body whose header names another message than its namespace (XSD fixes BerichtCode)', () => {
    const text = readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO301.xml'), 'utf8').replace('<wmo301:BerichtCode>414<', '<wmo301:BerichtCode>415<');
    const err = rejection(() => registry.process(Buffer.from(text)));
    expect(err.errors[0]).toMatchObject({ code: 'xsd-invalid', path: '/wmo301:Bericht/wmo301:Header/wmo301:BerichtCode' });
  });

  it('checks BerichtCode against the type even when a schema would let it through', () => {
    const spec = MESSAGE_SPECS.find((s) => s.type === 'JW301')!;
    const header = { berichtCode: '414', afzender: '0384', ontvanger: '42420001', identificatie: 'X1', bsns: [] };
    const err = rejection(() => toAcceptedMessage(spec, header));
    expect(err.status).toBe(400);
    expect(err.errors[0]!.code).toBe('berichtcode-mismatch');
    expect(toAcceptedMessage(spec, { ...header, berichtCode: '436' }).type).toBe('JW301');
  });

  it('refuses another release of iWmo or iJw with 422 naming the release', () => {
    const wmo30 = '<?xml version="1.0"?><w:Bericht xmlns:w="http://www.istandaarden.nl/iwmo/3_0/wmo301/schema"><w:Header/></w:Bericht>';
    const err = rejection(() => registry.process(Buffer.from(wmo30)));
    expect(err.status).toBe(422);
    expect(err.errors[0]).toMatchObject({ code: 'unsupported-release' });
    expect(err.errors[0]!.message).toMatch(/iWmo release 3\.0/);
    const jw21 = '<Bericht xmlns="http://www.istandaarden.nl/ijw/2_1/jw315/schema/2_1"/>';
    expect(rejection(() => registry.process(Buffer.from(jw21))).errors[0]!.message).toMatch(/iJw release 2\.1/);
  });

  it('refuses an unknown iWmo 3.2 message with 415 naming the namespace', () => {
    const err = rejection(() => registry.process(Buffer.from('<w:Bericht xmlns:w="http://www.istandaarden.nl/iwmo/3_2/wmo399/schema"/>')));
    expect(err.status).toBe(415);
    expect(err.errors[0]!.code).toBe('unknown-message-type');
    expect(err.errors[0]!.message).toContain('http://www.istandaarden.nl/iwmo/3_2/wmo399/schema');
  });

  it('refuses a malformed iWmo message with line and column', () => {
    const text = readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO305.xml'), 'utf8').replace('</wmo305:Afzender>', '</wmo305:Afzendr>');
    const err = rejection(() => registry.process(Buffer.from(text)));
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'xml-malformed', line: 7 });
    expect(err.errors[0]!.column).toBeGreaterThan(0);
    expect(err.errors[0]!.message).toMatch(/mismatch/);
  });
});
