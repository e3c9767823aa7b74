// The request of each dienst: built from a BSN (and an optional period for UWV), valid against its XSD, and
// the same element tree as the corpus sample request; bad input throws a typed error that names the field,
// never the value.
import { XmlDocument, XmlValidateError } from 'libxml2-wasm';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildRequestBody, DIENSTEN, isValidBsn, suwimlSchemas, SuwimlError, SuwimlRequestError, type Dienst,
} from '../../../adapters/suwiml/index.ts';
import { check, REQUESTS, samples } from './support.ts';

const schemas = suwimlSchemas(); // the codec's own compiled set
const ALL = Object.keys(DIENSTEN) as Dienst[];

function xsdErrors(dienst: Dienst, xml: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    schemas.request(dienst).validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => d.message);
    throw e;
  } finally {
    doc.dispose();
  }
}

// Namespace-aware tree of a request: root {namespace, local name} and its children as plain objects.
const tree = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true, removeNSPrefix: false });

function bodyChild(envelopeXml: string): { name: string; namespace: string; content: unknown } {
  const doc = tree.parse(envelopeXml) as Record<string, any>;
  const envKey = Object.keys(doc).find((k) => k.endsWith(':Envelope'))!;
  const prefix = envKey.split(':')[0];
  const env = doc[envKey];
  const body = env[`${prefix}:Body`];
  const key = Object.keys(body).find((k) => !k.startsWith('@_'))!;
  const [p, local] = key.split(':') as [string, string];
  return { name: local, namespace: env[`@_xmlns:${p}`] as string, content: strip(body[key]) };
}

function builtChild(xml: string): { name: string; namespace: string; content: unknown } {
  const doc = tree.parse(xml) as Record<string, any>;
  const key = Object.keys(doc)[0]!;
  const [p, local] = key.split(':') as [string, string];
  return { name: local, namespace: doc[key][`@_xmlns:${p}`] as string, content: strip(doc[key]) };
}

/** Without attributes (namespace declarations) and comments: the element tree and its text. */
function strip(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('@_') && k !== '#comment').map(([k, x]) => [k, strip(x)]));
}

function thrown(fn: () => unknown): SuwimlRequestError {
  try { fn(); } catch (e) { if (e instanceof SuwimlRequestError) return e; throw e; }
  throw new Error('expected a SuwimlRequestError');
}

describe('SuwiML requests', () => {
  const corpus = samples(REQUESTS);

  it('the corpus has sample requests for BRP, UWV and Bijstandsregelingen (none for SVB)', () => {
    expect(corpus.map((s) => s.dienst).sort()).toEqual(['BRPDossierPersoonGSD', 'Bijstandsregelingen', 'UWVDossierInkomstenGSD']);
  });

  corpus.forEach((sample) => {
    it(`${sample.dienst}: the built request is the corpus sample's Body child (element, namespace, children and values)`, () => {
      const expected = bodyChild(sample.xml);
      const bsn = (expected.content as { Burgerservicenr: string }).Burgerservicenr;
      const periode = (expected.content as { PeriodeGegevensvraagIko?: { DatBPeriode: string; DatEPeriode: string } }).PeriodeGegevensvraagIko;
      const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      const xml = buildRequestBody(sample.dienst, {
        burgerservicenummer: bsn,
        ...(periode ? { periode: { van: iso(periode.DatBPeriode), tot: iso(periode.DatEPeriode) } } : {}),
      });
      const built = builtChild(xml);
      expect(built.name).toBe(DIENSTEN[sample.dienst].requestElement);
      expect(built.namespace).toBe(DIENSTEN[sample.dienst].namespace);
      expect(built.name).toBe(expected.name);
      expect(built.namespace).toBe(expected.namespace);
      check(JSON.stringify(built.content) === JSON.stringify(expected.content), `${sample.dienst} request content equals the sample's`);
      expect(xsdErrors(sample.dienst, xml)).toEqual([]);
      // The sample's own Body child validates too, so the comparison is against a valid request.
      expect(xsdErrors(sample.dienst, `<x:${expected.name} xmlns:x="${expected.namespace}"><Burgerservicenr>${bsn}</Burgerservicenr></x:${expected.name}>`)).toEqual([]);
    });
  });

  it('every dienst builds a request that validates against its BodyAction.xsd, with the WSDL element and namespace', () => {
    for (const dienst of ALL) {
      const xml = buildRequestBody(dienst, { burgerservicenummer: '123456782' });
      expect(xsdErrors(dienst, xml)).toEqual([]);
      expect(xml).toBe(`<smls:${DIENSTEN[dienst].requestElement} xmlns:smls="${DIENSTEN[dienst].namespace}"><Burgerservicenr>123456782</Burgerservicenr></smls:${DIENSTEN[dienst].requestElement}>`);
    }
    // SVB has no corpus request: its element follows the WSDL (message part element="smls:SVBPersoonsInfo").
    expect(DIENSTEN.SVBDossierPersoonGSD.requestElement).toBe('SVBPersoonsInfo');
  });

  it('UWV without a period leaves PeriodeGegevensvraagIko out; with one it holds DatBPeriode and DatEPeriode as jjjjmmdd', () => {
    expect(buildRequestBody('UWVDossierInkomstenGSD', { burgerservicenummer: '123456782' })).not.toContain('PeriodeGegevensvraagIko');
    const xml = buildRequestBody('UWVDossierInkomstenGSD', { burgerservicenummer: '123456782', periode: { van: '2024-02-29', tot: '2024-02-29' } });
    expect(xml).toContain('<PeriodeGegevensvraagIko><DatBPeriode>20240229</DatBPeriode><DatEPeriode>20240229</DatEPeriode></PeriodeGegevensvraagIko>');
  });

  it('the actions are the WSDL wsaw:Action values', () => {
    expect(DIENSTEN.BRPDossierPersoonGSD.action).toBe('http://bkwi.nl/SuwiML/Diensten/BRPDossierPersoonGSD-v0200/AanvraagPersoon');
    expect(DIENSTEN.UWVDossierInkomstenGSD.action).toBe('http://bkwi.nl/SuwiML/Diensten/UWVDossierInkomstenGSD-v0200/UWVPersoonsIkvInfo');
    expect(DIENSTEN.SVBDossierPersoonGSD.action).toBe('http://bkwi.nl/SuwiML/Diensten/SVBDossierPersoonGSD-v0200/SVBPersoonsInfo');
    expect(DIENSTEN.Bijstandsregelingen.action).toBe('http://bkwi.nl/SuwiML/Diensten/Bijstandsregelingen-v0500/BijstandsregelingenInfo');
    expect(DIENSTEN.Bijstandsregelingen.namespace).toBe('http://bkwi.nl/SuwiML/Diensten/Bijstandsregelingen/v0500');
    expect(DIENSTEN.UWVDossierInkomstenGSD.responseAction).toBe('http://bkwi.nl/SuwiML/Diensten/UWVDossierInkomstenGSD-v0200/UWVPersoonsIkvInfoResponse');
    expect(DIENSTEN.SVBDossierPersoonGSD.faultAction).toBe('http://bkwi.nl/SuwiML/Diensten/SVBDossierPersoonGSD-v0200/Fout');
  });

  it('the 11-proef: valid and invalid BSNs', () => {
    for (const good of ['123456782', '111222333', '100000009']) expect(isValidBsn(good)).toBe(true);
    for (const bad of ['123456789', '12345678', '1234567820', '12345678a', ' 23456782', '000000000', '']) expect(isValidBsn(bad)).toBe(false);
  });

  it('a bad BSN throws bsn-ongeldig for every dienst, naming the field and not the value', () => {
    for (const dienst of ALL) {
      for (const bad of ['123456789', '12345678', 'abcdefghi', '000000000', '1234567820']) {
        const e = thrown(() => buildRequestBody(dienst, { burgerservicenummer: bad }));
        expect(e).toBeInstanceOf(SuwimlError);
        expect(e.code).toBe('bsn-ongeldig');
        expect(e.field).toBe('burgerservicenummer');
        expect(e.message).not.toContain(bad);
      }
      expect(thrown(() => buildRequestBody(dienst, { burgerservicenummer: 123456782 as unknown as string })).code).toBe('bsn-ongeldig');
    }
  });

  it('a bad period throws periode-ongeldig; a period for a dienst without one throws periode-niet-ondersteund', () => {
    const uwv = (periode: unknown) => thrown(() => buildRequestBody('UWVDossierInkomstenGSD', { burgerservicenummer: '123456782', periode } as never));
    expect(uwv({ van: '2024-03-01', tot: '2024-02-01' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode' });
    expect(uwv({ van: '2023-02-29', tot: '2024-02-01' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode.van' });
    expect(uwv({ van: '2023-01-01', tot: '20240201' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode.tot' });
    expect(uwv({ van: '2023-13-01', tot: '2024-02-01' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode.van' });
    expect(uwv({ van: '0000-01-01', tot: '2024-02-01' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode.van' });
    expect(uwv({ van: '2023-01-01' })).toMatchObject({ code: 'periode-ongeldig', field: 'periode.tot' });
    expect(uwv(null)).toMatchObject({ code: 'periode-ongeldig' });
    for (const dienst of ALL.filter((d) => d !== 'UWVDossierInkomstenGSD')) {
      expect(thrown(() => buildRequestBody(dienst, { burgerservicenummer: '123456782', periode: { van: '2024-01-01', tot: '2024-02-01' } })))
        .toMatchObject({ code: 'periode-niet-ondersteund', field: 'periode' });
    }
  });

  it('an unknown dienst throws dienst-onbekend', () => {
    expect(thrown(() => buildRequestBody('GSDDossierReintegratie' as Dienst, { burgerservicenummer: '123456782' })).code).toBe('dienst-onbekend');
  });

  it('the request XSD is really applied: what the builder checks, BodyAction.xsd also refuses', () => {
    const el = (dienst: Dienst, inner: string) => `<x:${DIENSTEN[dienst].requestElement} xmlns:x="${DIENSTEN[dienst].namespace}">${inner}</x:${DIENSTEN[dienst].requestElement}>`;
    expect(xsdErrors('BRPDossierPersoonGSD', el('BRPDossierPersoonGSD', '<Burgerservicenr>12345678</Burgerservicenr>'))).not.toEqual([]);
    expect(xsdErrors('SVBDossierPersoonGSD', el('SVBDossierPersoonGSD', '<Burgerservicenr>123456782</Burgerservicenr><PeriodeGegevensvraagIko/>'))).not.toEqual([]);
    expect(xsdErrors('UWVDossierInkomstenGSD', el('UWVDossierInkomstenGSD', '<Burgerservicenr>123456782</Burgerservicenr><PeriodeGegevensvraagIko><DatBPeriode>2024-01-01</DatBPeriode></PeriodeGegevensvraagIko>'))).not.toEqual([]);
    expect(xsdErrors('Bijstandsregelingen', el('Bijstandsregelingen', ''))).not.toEqual([]);
  });
});
