import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStufBgSchemas, parseNpsLk01, type StufBgSchemas } from '../../../adapters/brp/stuf-bg/index.ts';
import { rejection } from '../../support/rejection.ts';
import { SCHEMAS, adres, npsLk01, stufVoorbeeld, stufVoorbeelden } from './stuf-corpus.ts';

let schemas: StufBgSchemas;
beforeAll(() => { schemas = loadStufBgSchemas(SCHEMAS); });
afterAll(() => schemas.dispose());

describe('the StUF-BG corpus examples', () => {
  it('holds the six examples', () => {
    expect(stufVoorbeelden()).toHaveLength(6);
  });

  it.each([
    'npsLk01-afnemersindicatie-T-sleutelOntvangend.xml',
    'npsLk01-afnemersindicatie-plaatsen-T.xml',
    'npsLk01-afnemersindicatie-plaatsen-T.soap.xml',
    'npsLk01-afnemersindicatie-verwijderen-V.xml',
  ])('%s is schema-valid: no issues', (name) => {
    expect(parseNpsLk01(stufVoorbeeld(name), schemas.npsLk01).issues).toEqual([]);
  });

  it('the levering after a move is read although the schema refuses it (brp.md §8: no verwerkingssoort on relations)', () => {
    const { bericht, issues, bsns } = parseNpsLk01(stufVoorbeeld('npsLk01-levering-T-na-verhuizing.soap.xml'), schemas.npsLk01);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'xsd-invalid')).toBe(true);
    expect(issues.some((i) => i.message.includes('verwerkingssoort') && i.message.includes('inp.verblijftIn'))).toBe(true);
    expect(issues[0]!.line).toBe(55);
    expect(bericht).toMatchObject({
      berichtType: 'npsLk01', mutatiesoort: 'T', indicatorOvername: 'V',
      stuurgegevens: { berichtcode: 'Lk01', referentienummer: 'da4bbc30-6705-4734-8c90-4ec76a36905e', entiteittype: 'NPS', zender: { organisatie: 'NEDGR' } },
    });
    const [object] = bericht.objecten;
    expect(bericht.objecten).toHaveLength(1);
    expect(object).toMatchObject({
      verwerkingssoort: 'T', alleenSleutel: false,
      gegevens: {
        bsn: { waarde: null, geenWaarde: 'geenWaarde' },
        anummer: { waarde: '3959725474' },
        overlijdensdatum: { waarde: null, geenWaarde: 'geenWaarde' },
        gemeenteVanInschrijving: { waarde: '0518' },
        verblijfsadres: { begindatumVerblijf: { waarde: '20250612' }, postcode: { waarde: '2593BL' } },
      },
    });
    expect(bsns).toEqual([]); // every inp.bsn in it is nil
  });

  it('the sjabloon (every element nil, empty stuurgegevens) is read with its failures listed', () => {
    const { bericht, issues } = parseNpsLk01(stufVoorbeeld('npsLk01-sjabloon-alle-elementen.soap.xml'), schemas.npsLk01);
    expect(issues.some((i) => i.code === 'xsd-invalid' && i.message.includes('berichtcode'))).toBe(true);
    expect(bericht.objecten[0]!.gegevens.bsn).toEqual({ waarde: null, geenWaarde: 'nil' });
  });

  it('key-only objects: alleenSleutel, with the BSN as the only BSN of the message', () => {
    const { bericht, bsns } = parseNpsLk01(stufVoorbeeld('npsLk01-afnemersindicatie-plaatsen-T.soap.xml'), schemas.npsLk01);
    expect(bericht.objecten[0]).toMatchObject({ alleenSleutel: true, sleutelVerzendend: 'LBA.00000142157', gegevens: { bsn: { waarde: '555555021' } } });
    expect(bsns).toEqual(['555555021']);
  });
});

describe('tolerance: failed checks are reported, not refused', () => {
  it('a malformed BSN: issue stuf-bsn naming the element, never the value', () => {
    const { issues } = parseNpsLk01(npsLk01('T', { bsn: '12345678X' }), schemas.npsLk01);
    const own = issues.find((i) => i.code === 'stuf-bsn');
    expect(own).toMatchObject({ path: 'npsLk01/object[1]/inp.bsn' });
    expect(issues.some((i) => i.code === 'xsd-invalid')).toBe(true);
    for (const issue of issues) expect(issue.message).not.toContain('12345678X');
  });

  it('a W with one object: issue stuf-objecten, still read', () => {
    const { bericht, issues } = parseNpsLk01(npsLk01('W', { inhoud: adres('Teststraat', '20250901', '0344') }), schemas.npsLk01);
    expect(issues.map((i) => i.code)).toContain('stuf-objecten');
    expect(bericht.objecten).toHaveLength(1);
  });

  it('without a validator: no schema issues, the same model', () => {
    const body = stufVoorbeeld('npsLk01-levering-T-na-verhuizing.soap.xml');
    const zonder = parseNpsLk01(body);
    expect(zonder.issues).toEqual([]);
    expect(zonder.bericht).toEqual(parseNpsLk01(body, schemas.npsLk01).bericht);
  });

  it('a partial date keeps StUF:indOnvolledigeDatum', () => {
    const { bericht } = parseNpsLk01(npsLk01('T', { inhoud: '<overlijdensdatum StUF:indOnvolledigeDatum="D">20250900</overlijdensdatum>' }), schemas.npsLk01);
    expect(bericht.objecten[0]!.gegevens.overlijdensdatum).toEqual({ waarde: '20250900', indOnvolledigeDatum: 'D' });
  });
});

describe('every XML construct the schema allows is read (issue 9: a PI inside an element gave 500)', () => {
  const base = npsLk01('T', { inhoud: '<overlijdensdatum>20250901</overlijdensdatum>' }).toString('utf8');
  it.each([
    ['between elements', base.replace('<parameters>', '<parameters><?x "?>')],
    ['before the key', base.replace('<inp.bsn>', '<?x y?><inp.bsn>')],
    ['inside a value', base.replace('20250901<', '2025<?pi?>0901<')],
    ['a comment and CDATA', base.replace('<stuurgegevens>', '<stuurgegevens><!-- c -->').replace('20250901', '<![CDATA[2025]]>0901')],
    ['last in the root', base.replace('</npsLk01>', '<?x?></npsLk01>')],
  ])('a processing instruction %s: read as without it', (_where, xml) => {
    const { bericht } = parseNpsLk01(Buffer.from(xml), schemas.npsLk01);
    expect(bericht.mutatiesoort).toBe('T');
    expect(bericht.objecten).toHaveLength(1);
    expect(bericht.objecten[0]!.gegevens.overlijdensdatum?.waarde).toBe('20250901');
  });
});

describe('unusable messages are refused', () => {
  it('a DOCTYPE: 400 doctype-forbidden, before parsing', () => {
    const body = Buffer.from(`<?xml version="1.0"?>\n<!DOCTYPE npsLk01 [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<npsLk01 xmlns="http://www.egem.nl/StUF/sector/bg/0310">&x;</npsLk01>`);
    const err = rejection(() => parseNpsLk01(body, schemas.npsLk01));
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'doctype-forbidden', line: 2 });
  });

  it('not well-formed: 400 xml-malformed', () => {
    expect(rejection(() => parseNpsLk01(Buffer.from('<npsLk01 xmlns="http://www.egem.nl/StUF/sector/bg/0310"><object>'))).errors[0]!.code).toBe('xml-malformed');
  });

  it('another StUF-BG message, or a SOAP Body without npsLk01: 400 stuf-geen-npsLk01', () => {
    const other = Buffer.from('<prsLk01 xmlns="http://www.egem.nl/StUF/sector/bg/0310"/>');
    expect(rejection(() => parseNpsLk01(other)).errors[0]!.code).toBe('stuf-geen-npsLk01');
    const soap = Buffer.from('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x xmlns="urn:x"/></s:Body></s:Envelope>');
    expect(rejection(() => parseNpsLk01(soap)).errors[0]!.code).toBe('stuf-geen-npsLk01');
  });

  it('an unknown mutatiesoort: 400 stuf-mutatiesoort with the line', () => {
    const err = rejection(() => parseNpsLk01(npsLk01('X', {}), schemas.npsLk01));
    expect(err.errors[0]).toMatchObject({ code: 'stuf-mutatiesoort', path: 'npsLk01/parameters/mutatiesoort', line: 12 });
  });

  it('no object: 400 stuf-geen-object', () => {
    expect(rejection(() => parseNpsLk01(npsLk01('T'), schemas.npsLk01)).errors[0]!.code).toBe('stuf-geen-object');
  });
});
