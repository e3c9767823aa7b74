import path from 'node:path';
import { XmlDocument, ParseOption } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createIwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { parseIwmoIjw, type CanonicalMessage } from '../../../adapters/iwmo-ijw/model/index.ts';
import { readdirSync } from 'node:fs';
import { ISTANDAARDEN, sample as corpusSample } from '../../support/corpus.ts';

const familyOf = (type: string) => (type.startsWith('WMO') ? 'iwmo-3.2' : 'ijw-3.2');
const sample = (type: string): string => corpusSample(familyOf(type), type).toString('utf8');
const sampleTypes = (): string[] => ['iwmo-3.2', 'ijw-3.2'].flatMap((d) => readdirSync(path.join(ISTANDAARDEN, d, 'samples')).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4))).sort();

const adapter = createIwmoIjwAdapter(path.resolve('schemas'));
afterAll(() => adapter.dispose());

function fromLibxml2(xml: string | Buffer, type: string): CanonicalMessage {
  const doc = XmlDocument.fromBuffer(Buffer.from(xml), { option: ParseOption.XML_PARSE_NONET });
  try {
    return parseIwmoIjw(doc.root, type);
  } finally {
    doc.dispose();
  }
}

// Issue 10/9/14: the canonical model is built from the parse that validated the message (libxml2), not by a
// second parser that may disagree with it.
describe('the canonical model from the validating parse', () => {
  // Raw bytes (a stored message read back) are parsed by libxml2 as well, so the two routes give the same model,
  // whitespace and all.
  it.each(sampleTypes())('%s: the same model as from the bytes and from a string', (type) => {
    expect(parseIwmoIjw(Buffer.from(sample(type)), type)).toEqual(fromLibxml2(sample(type), type));
    expect(parseIwmoIjw(sample(type), type)).toEqual(fromLibxml2(sample(type), type));
  });

  it('reads a CDATA section in the bytes as libxml2 does (fast-xml-parser, the bytes route before, trimmed around it)', () => {
    const xml = sample('WMO301').replace(/<wmo301:Commentaar>[^<]*</, '<wmo301:Commentaar>A &amp; B <![CDATA[<c>]]> &#233;<');
    const model = parseIwmoIjw(Buffer.from(xml), 'WMO301');
    expect(model.nummer === '301' && model.client.commentaar).toBe('A & B <c> \u00e9');
  });

  it('keeps the corpus WMO301\'s trailing space in a Commentaar', () => {
    const model = fromLibxml2(sample('WMO301'), 'WMO301');
    expect(model.nummer === '301' && model.client.toegewezenProducten[0]!.commentaar).toMatch(/ $/);
  });

  it('comes with the adapter\'s accepted message, so no inspector parses again', () => {
    const message = adapter.process(Buffer.from(sample('WMO301')));
    expect((message.model as CanonicalMessage).nummer).toBe('301');
  });

  it('takes a processing instruction with a quote in it, which the XSD allows (no 500)', () => {
    const xml = sample('WMO301').replace('<iwmo:Header>', '<?x "?><iwmo:Header>');
    const message = adapter.process(Buffer.from(xml));
    expect((message.model as CanonicalMessage).header.berichtIdentificatie.identificatie).toBe(parseIwmoIjw(Buffer.from(sample('WMO301')), 'WMO301').header.berichtIdentificatie.identificatie);
  });

  it('keeps the whitespace of a string value (xs:string preserves it) and collapses it for a date', () => {
    const original = parseIwmoIjw(Buffer.from(sample('WMO301')), 'WMO301');
    const id = original.header.berichtIdentificatie.identificatie;
    const spaced = sample('WMO301').replace(`<iwmo:Identificatie>${id}</iwmo:Identificatie>`, `<iwmo:Identificatie>${id} </iwmo:Identificatie>`);
    expect(fromLibxml2(spaced, 'WMO301').header.berichtIdentificatie.identificatie).toBe(`${id} `);
    const datum = /<iwmo:Dagtekening>([^<]*)<\/iwmo:Dagtekening>/.exec(sample('WMO301'))?.[1];
    if (datum) {
      const spacedDate = sample('WMO301').replace(`<iwmo:Dagtekening>${datum}</iwmo:Dagtekening>`, `<iwmo:Dagtekening> ${datum} </iwmo:Dagtekening>`);
      expect(fromLibxml2(spacedDate, 'WMO301')).toEqual(fromLibxml2(sample('WMO301'), 'WMO301'));
    }
  });
});
