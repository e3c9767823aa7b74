// IV028 retours (302, 306, 308, 316, 318, 320) built for every heen sample of both corpora, each checked
// against its own XSD and read back independently to assert the exact codes at the exact places.
import { ParseOption, XmlDocument } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import {
  BERICHT_CODES, parseIwmoIjw, type BerichtType, type CanonicalMessage, type Header, type RetourHeader,
  type ToewijzingBericht, type ToewijzingRetourBericht,
} from '../../../adapters/iwmo-ijw/model/index.ts';
import {
  buildHeenRetour, buildRetour, RetourBuildError, retourTypeFor, XSLT_VERSIE, type RetourFinding,
} from '../../../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { corpusSample, heenSamples } from './support/heen-samples.ts';
import { retourCodesByPath, pathsOf, textAt } from './support/retour-codes.ts';
import { xsdErrors } from './support/schemas.ts';
import { classesWithRetourCodes } from './support/xsd-facts.ts';

const IDENT = 'RET000000001';
const DAG = '2024-01-15';

const read302 = (xml: string) => parseIwmoIjw(xml, 'WMO302') as ToewijzingRetourBericht;

/** The model as the adapter reads it: from libxml2's parse (the bytes route through fast-xml-parser trims around CDATA). */
function fromLibxml2(xml: string, type: string): CanonicalMessage {
  const doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
  try {
    return parseIwmoIjw(doc.root, type);
  } finally {
    doc.dispose();
  }
}

function build(type: string, xml: string | Buffer, findings: RetourFinding[] = []) {
  const message = parseIwmoIjw(xml, type);
  return buildRetour({ heen: xml, message, findings, identificatie: IDENT, dagtekening: DAG });
}

/** The model without RetourCodes and absent fields, to compare a copied client with the heen one. */
function withoutRetourCodes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRetourCodes);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k, x]) => k !== 'retourCodes' && x !== undefined).map(([k, x]) => [k, withoutRetourCodes(x)]));
  }
  return v;
}

function payloadOf(m: CanonicalMessage): unknown {
  return 'antwoord' in m ? m.antwoord : 'client' in m ? m.client : undefined;
}

/** IV028: the retour header is the heen header unchanged, plus the retour's own fields. */
function expectHeenHeaderKept(retour: RetourHeader, heen: Header, retourType: string): void {
  const { berichtCode: _a, path: _p, ...rest } = heen;
  expect(retour).toMatchObject(rest);
  expect(retour.berichtCode).toBe(BERICHT_CODES[retourType as BerichtType]);
  expect(retour.identificatieRetour).toBe(IDENT);
  expect(retour.dagtekeningRetour).toBe(DAG);
  expect(retour.xsltVersie).toBe(XSLT_VERSIE);
}

describe.each(heenSamples())('%s', (type, xml) => {
  const retourType = retourTypeFor(type) as string;
  const heen = parseIwmoIjw(xml, type);
  const classNames = classesWithRetourCodes(retourType);
  const classPaths = pathsOf(xml, classNames);

  it('the heen sample itself is XSD-valid', () => {
    expect(xsdErrors(type, xml)).toEqual([]);
    expect(classPaths.length).toBeGreaterThan(0);
  });

  it('no findings: the header only, without RetourCodes', () => {
    const r = build(type, xml);
    expect(r).toMatchObject({ type: retourType, uitkomst: 'goedgekeurd' });
    expect(xsdErrors(retourType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({});
    const m = parseIwmoIjw(r.xml, retourType);
    expectHeenHeaderKept(m.header as RetourHeader, heen.header, retourType);
    expect(payloadOf(m)).toBeUndefined();
  });

  it('a level-2 failure: the header only, with 0001', () => {
    const r = build(type, xml, [{ rule: 'CS002', code: '0001', path: classPaths[0] as string }]);
    expect(r.uitkomst).toBe('technisch-afgekeurd');
    expect(xsdErrors(retourType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0001'] });
    expect(textAt(r.xml, '/Bericht/Header/XsltVersie')).toBe(XSLT_VERSIE);
    expect(payloadOf(parseIwmoIjw(r.xml, retourType))).toBeUndefined();
  });

  it('a level-3 finding on one class: its code there, 0200 on the header and every other class', () => {
    const target = classPaths[classPaths.length - 1] as string;
    const r = build(type, xml, [{ rule: 'TR019', code: '9019', path: target }]);
    expect(r.uitkomst).toBe('afgekeurd');
    expect(xsdErrors(retourType, r.xml)).toEqual([]);
    const expected: Record<string, string[]> = { '/Bericht/Header': ['0200'] };
    for (const p of classPaths) expected[p] = p === target ? ['9019'] : ['0200'];
    expect(retourCodesByPath(r.xml)).toEqual(expected);
    // Every class of the client is copied unchanged.
    const m = parseIwmoIjw(r.xml, retourType);
    expect(withoutRetourCodes(payloadOf(m))).toEqual(withoutRetourCodes(payloadOf(heen)));
    expectHeenHeaderKept(m.header as RetourHeader, heen.header, retourType);
  });

  it('a level-3 finding in the Header: the header only, with that code', () => {
    const r = build(type, xml, [{ rule: 'TR056', code: '9056', path: '/Bericht/Header/BerichtIdentificatie/Identificatie' }]);
    expect(r.uitkomst).toBe('afgekeurd');
    expect(xsdErrors(retourType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['9056'] });
  });
});

describe('WMO302 on the corpus WMO301', () => {
  const xml = corpusSample('WMO301');

  it('puts the codes exactly where IV028 says (TR332 on the product, named by a leaf path)', () => {
    const r = build('WMO301', xml, [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/ToewijzingNummer' }]);
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({
      '/Bericht/Header': ['0200'],
      '/Bericht/Client': ['0200'],
      '/Bericht/Client/Relaties/Relatie[1]': ['0200'],
      '/Bericht/Client/Relaties/Relatie[1]/Contact': ['0200'],
      '/Bericht/Client/Relaties/Relatie[2]': ['0200'],
      '/Bericht/Client/Relaties/Relatie[2]/Contact': ['0200'],
      '/Bericht/Client/Contactgegevens/Contact': ['0200'],
      '/Bericht/Client/ToegewezenProducten/ToegewezenProduct': ['9332'],
    });
    // The header data of the heen message, not swapped (IV028).
    expect(textAt(r.xml, '/Bericht/Header/BerichtCode')).toBe('415');
    expect(textAt(r.xml, '/Bericht/Header/Afzender')).toBe('0384');
    expect(textAt(r.xml, '/Bericht/Header/Ontvanger')).toBe('42420001');
    // Values are copied byte for byte, trailing space included.
    expect(r.xml).toContain('<wmo302:Commentaar>Toegewezen product 1 Commentaar </wmo302:Commentaar>');
  });

  it('several codes on one class (each once), and a class-less path inside the client goes to the Client', () => {
    const r = build('WMO301', xml, [
      { rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' },
      { rule: 'TR379', code: '9379', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/ReferentieAanbieder' },
      { rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/ToewijzingNummer' },
      { rule: 'TR385', code: '9385', path: '/Bericht/Client/ToegewezenProducten' },
      { rule: 'TR074', code: '9074', path: '/Bericht/Client/Relaties/Relatie[2]/Contact/Adres/Postcode' },
    ]);
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    const codes = retourCodesByPath(r.xml);
    expect(codes['/Bericht/Client/ToegewezenProducten/ToegewezenProduct']).toEqual(['9332', '9379']);
    expect(codes['/Bericht/Client']).toEqual(['9385']);
    expect(codes['/Bericht/Client/Relaties/Relatie[2]/Contact']).toEqual(['9074']);
    expect(codes['/Bericht/Client/Relaties/Relatie[2]']).toEqual(['0200']);
  });

  it('a real level-2 failure from the rule engine gives the 0001 retour', () => {
    const bad = xml.replace('<wmo301:Bsn>999900006<', '<wmo301:Bsn>123456789<');
    const message = parseIwmoIjw(bad, 'WMO301');
    const findings = runLevel2(message);
    expect(findings.map((f) => f.rule)).toEqual(['CS002']);
    const r = buildHeenRetour({ heen: bad, message, findings, identificatie: IDENT, dagtekening: DAG });
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0001'] });
    expect(r.xml).not.toContain('Bsn>');
  });

  it('a level-2 failure outweighs level-3 findings', () => {
    const r = build('WMO301', xml, [
      { rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' },
      { rule: 'CS002', code: '0001', path: '/Bericht/Client/Bsn' },
    ]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0001'] });
  });

  it('writes the same retour whatever prefixes, default namespace, comments or BOM the heen uses', () => {
    const canonical = build('WMO301', xml, [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }]).xml;
    const variant = xml
      .replace(' xmlns:wmo301=', ' xmlns=')
      .replaceAll('wmo301:', '')
      .replaceAll('iwmo:', 'b:')
      .replace('xmlns:iwmo=', 'xmlns:b=')
      .replace('<Header>', '<!-- kop --><Header>')
      .replace('<Client>', '<Client><?pi data?>');
    expect(xsdErrors('WMO301', variant)).toEqual([]);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(variant)]);
    expect(build('WMO301', withBom, [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }]).xml).toBe(canonical);
  });

  it('keeps the value of text with entities, CDATA and character references (as libxml2, the adapter\'s parser, reads it)', () => {
    const special = xml.replace('<wmo301:Commentaar>Client commentaar<', '<wmo301:Commentaar>A &amp; B <![CDATA[<c>]]> &#233;<');
    expect(xsdErrors('WMO301', special)).toEqual([]);
    const r = build('WMO301', special, [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }]);
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    expect((fromLibxml2(special, 'WMO301') as ToewijzingBericht).client.commentaar).toBe('A & B <c> \u00e9');
    expect((fromLibxml2(r.xml, 'WMO302') as ToewijzingRetourBericht).client?.commentaar).toBe('A & B <c> \u00e9');
    expect(r.xml).toContain('<wmo302:Commentaar>A &amp; B &lt;c&gt; \u00e9</wmo302:Commentaar>');
  });

  it('keeps a carriage return given as a character reference (a literal one would read back as a line feed)', () => {
    const special = xml.replace('<wmo301:Commentaar>Client commentaar<', '<wmo301:Commentaar>regel 1&#13;\nregel 2<');
    expect(xsdErrors('WMO301', special)).toEqual([]);
    const r = build('WMO301', special, [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }]);
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    expect((fromLibxml2(r.xml, 'WMO302') as ToewijzingRetourBericht).client?.commentaar).toBe('regel 1\r\nregel 2');
  });

  it('reads a heen in another encoding from its bytes, and a string as the text it is whatever its declaration says', () => {
    const latin = xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('<wmo301:Commentaar>Client commentaar<', '<wmo301:Commentaar>caf\u00e9<');
    expect(latin).toContain('ISO-8859-1');
    const findings: RetourFinding[] = [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }];
    for (const heen of [Buffer.from(latin, 'latin1'), latin]) {
      const r = build('WMO301', heen, findings);
      expect(xsdErrors('WMO302', r.xml)).toEqual([]);
      expect((fromLibxml2(r.xml, 'WMO302') as ToewijzingRetourBericht).client?.commentaar).toBe('caf\u00e9');
    }
  });

  it('escapes the IdentificatieRetour and names a given XsltVersie', () => {
    const message = parseIwmoIjw(xml, 'WMO301');
    const r = buildRetour({ heen: xml, message, identificatie: 'A&B<"1\'', dagtekening: DAG, xsltVersie: '1.0.0' });
    expect(xsdErrors('WMO302', r.xml)).toEqual([]);
    const h = read302(r.xml).header;
    expect(h.identificatieRetour).toBe('A&B<"1\'');
    expect(h.xsltVersie).toBe('1.0.0');
  });

  it('dates the retour today (Europe/Amsterdam) when no dagtekening is given', () => {
    const message = parseIwmoIjw(xml, 'WMO301');
    const r = buildRetour({ heen: xml, message, identificatie: IDENT });
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    expect(read302(r.xml).header.dagtekeningRetour).toBe(today);
  });
});

describe('refuses what cannot give a valid retour', () => {
  const xml = corpusSample('WMO301');
  const message = parseIwmoIjw(xml, 'WMO301');
  const attempt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(RetourBuildError);
      return (e as RetourBuildError).code;
    }
    return 'no error';
  };

  it('a code that is not a WJ001 retour code', () => {
    expect(attempt(() => buildRetour({ heen: xml, message, identificatie: IDENT, findings: [{ rule: 'TR999', code: '9999', path: '/Bericht/Client' }] })))
      .toBe('RETOUR_UNKNOWN_RETOURCODE');
  });
  it('an identificatie that is empty, blank or longer than 12, a bad date or version', () => {
    for (const identificatie of ['', '   ', '1234567890123']) {
      expect(attempt(() => buildRetour({ heen: xml, message, identificatie }))).toBe('RETOUR_INVALID_INPUT');
    }
    expect(attempt(() => buildRetour({ heen: xml, message, identificatie: IDENT, dagtekening: '2024-02-30' }))).toBe('RETOUR_INVALID_INPUT');
    expect(attempt(() => buildRetour({ heen: xml, message, identificatie: IDENT, xsltVersie: '2.10' }))).toBe('RETOUR_INVALID_INPUT');
  });
  // The heen XML is read (by libxml2) only for a retour that echoes part of it: one with level-3/4 findings.
  const onClass: RetourFinding[] = [{ rule: 'TR332', code: '9332', path: '/Bericht/Client' }];
  it('XML of another message than the model', () => {
    expect(attempt(() => buildRetour({ heen: corpusSample('WMO305'), message, identificatie: IDENT, findings: onClass }))).toBe('RETOUR_XML_MISMATCH');
    const other = xml.replace('<iwmo:Identificatie>123456789012<', '<iwmo:Identificatie>X<');
    expect(attempt(() => buildRetour({ heen: other, message, identificatie: IDENT, findings: onClass }))).toBe('RETOUR_XML_MISMATCH');
  });
  it('but the same message with its Identificatie in a CDATA section, beside a comment and a processing instruction (fuzz finding)', () => {
    const wrapped = xml.replace('<iwmo:Identificatie>123456789012<', '<iwmo:Identificatie><!-- c --><![CDATA[123456789012]]><?pi x?><');
    expect(wrapped).not.toBe(xml);
    const model = parseIwmoIjw(wrapped, 'WMO301');
    expect(model.header.berichtIdentificatie.identificatie).toBe('123456789012');
    expect(attempt(() => buildRetour({ heen: wrapped, message: model, identificatie: IDENT }))).toBe('no error');
    expect(attempt(() => buildRetour({ heen: wrapped, message: model, identificatie: IDENT, findings: onClass }))).toBe('no error');
  });
  it('broken XML and a DOCTYPE, when the retour echoes the heen message', () => {
    expect(attempt(() => buildRetour({ heen: xml.replace('</wmo301:Client>', ''), message, identificatie: IDENT, findings: onClass }))).toBe('RETOUR_XML_MALFORMED');
    expect(attempt(() => buildRetour({ heen: xml.replace('</wmo301:Header>', ''), message, identificatie: IDENT, findings: onClass }))).toBe('RETOUR_XML_MALFORMED');
    expect(attempt(() => buildRetour({ heen: xml.replace('<wmo301:Bericht', '<!DOCTYPE x><wmo301:Bericht'), message, identificatie: IDENT, findings: onClass })))
      .toBe('RETOUR_XML_MALFORMED');
  });
  it('a header-only retour is written from the model alone (the adapter\'s parse): the heen bytes are not read again', () => {
    const header = buildRetour({ heen: xml, message, identificatie: IDENT, dagtekening: DAG }).xml;
    expect(buildRetour({ heen: 'not read', message, identificatie: IDENT, dagtekening: DAG }).xml).toBe(header);
    const technisch: RetourFinding[] = [{ rule: 'CS002', code: '0001', path: '/Bericht/Client/Bsn' }];
    expect(buildRetour({ heen: 'not read', message, identificatie: IDENT, dagtekening: DAG, findings: technisch }).uitkomst).toBe('technisch-afgekeurd');
  });
  it('a retour message, and a 323 passed to the IV028 builder', () => {
    const retour = corpusSample('WMO302');
    expect(attempt(() => buildRetour({ heen: retour, message: parseIwmoIjw(retour, 'WMO302'), identificatie: IDENT }))).toBe('RETOUR_NO_RETOUR_FOR_TYPE');
    const decl = corpusSample('WMO323');
    expect(attempt(() => buildHeenRetour({ heen: decl, message: parseIwmoIjw(decl, 'WMO323'), identificatie: IDENT }))).toBe('RETOUR_NO_RETOUR_FOR_TYPE');
  });
});
