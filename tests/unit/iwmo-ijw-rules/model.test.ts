import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IwmoIjwModelError, parseIwmoIjw, type CanonicalMessage, type MessageOf } from '../../../adapters/iwmo-ijw/model/index.ts';
import { CORPUS, replaceNth, sample, sampleTypes } from './support/samples.ts';
import { xsdErrors } from './support/xsd.ts';

function parsed<N extends CanonicalMessage['nummer']>(type: string, nummer: N, xml = sample(type)): MessageOf<N> {
  const msg = parseIwmoIjw(xml, type);
  expect(msg.nummer).toBe(nummer);
  return msg as MessageOf<N>;
}

describe('parseIwmoIjw: every corpus sample', () => {
  const types = sampleTypes();

  it('finds all 14 iWmo and 12 valid iJw samples', () => {
    expect(types.filter((t) => t.startsWith('WMO'))).toHaveLength(14);
    expect(types.filter((t) => t.startsWith('JW'))).toHaveLength(12);
  });

  it.each(types)('%s is XSD-valid and maps to its model with header and paths', (type) => {
    expect(xsdErrors(type, sample(type))).toEqual([]);
    const msg = parseIwmoIjw(Buffer.from(sample(type)), type);
    expect(msg.type).toBe(type);
    expect(msg.standaard).toBe(type.startsWith('WMO') ? 'iwmo' : 'ijw');
    expect(msg.nummer).toBe(type.slice(-3));
    expect(msg.path).toBe('/Bericht');
    expect(msg.header.path).toBe('/Bericht/Header');
    expect(msg.header.berichtVersie).toBe('3');
    expect(msg.header.berichtSubversie).toBe('2');
    expect(msg.header.berichtIdentificatie.dagtekening).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('WMO301 model', () => {
  const msg = parsed('WMO301', '301');

  it('decodes character and entity references in text as libxml2 reads them', () => {
    const xml = sample('WMO301').replace('<wmo301:Commentaar>Client commentaar</wmo301:Commentaar>', '<wmo301:Commentaar>Caf&#233; &amp; zo&#x21; &lt;&amp;#233;&gt;</wmo301:Commentaar>');
    expect(xsdErrors('WMO301', xml)).toEqual([]);
    // One pass, as an XML parser does: '&amp;#233;' is the text '&#233;', not an é.
    expect(parsed('WMO301', '301', xml).client.commentaar).toBe('Café & zo! <&#233;>');
  });

  it('keeps identifiers and dates as strings', () => {
    expect(msg.header.afzender).toBe('0384');
    expect(msg.header.ontvanger).toBe('42420001');
    expect(msg.header.berichtIdentificatie).toEqual({ path: '/Bericht/Header/BerichtIdentificatie', identificatie: '123456789012', dagtekening: '2023-08-13' });
    expect(msg.client.bsn).toBe('999900006');
    expect(msg.client.geboortedatum.datum).toBe('1967-08-13');
    expect(msg.client.juridischeStatus).toBe('02');
  });

  it('reads the ToegewezenProduct, single item still an array without index in its path', () => {
    expect(msg.client.toegewezenProducten).toHaveLength(1);
    const p = msg.client.toegewezenProducten[0];
    expect(p).toMatchObject({
      path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct',
      toewijzingNummer: '101',
      referentieAanbieder: '42420002',
      product: { path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Product', categorie: '01', code: '01A01' },
      toewijzingsdatum: '2023-08-13',
      toewijzingstijd: '12:34:56',
      ingangsdatum: '2023-01-01',
      einddatum: '2023-12-31',
      omvang: { volume: 10, eenheid: '01', frequentie: '1' },
    });
    expect(p?.budget).toBeUndefined();
  });

  it('indexes repeated elements and keeps the single Contact of a Relatie an object', () => {
    expect(msg.client.relaties.map((r) => r.path)).toEqual(['/Bericht/Client/Relaties/Relatie[1]', '/Bericht/Client/Relaties/Relatie[2]']);
    expect(msg.client.relaties[1]?.contact.path).toBe('/Bericht/Client/Relaties/Relatie[2]/Contact');
    expect(msg.client.relaties[1]?.contact.telefoon?.telefoon02?.telefoonnummer).toBe('0401234567');
    expect(msg.client.contactgegevens).toHaveLength(1);
    expect(msg.client.contactgegevens[0]?.path).toBe('/Bericht/Client/Contactgegevens/Contact');
    expect(msg.client.contactgegevens[0]?.adres?.huis?.huisnummer).toBe('100');
    expect(msg.client.naam.partnernaam?.achternaam).toBe('Jansen');
    expect(msg.client.retourCodes).toBeUndefined();
  });

  it('keeps a leading zero in a BSN', () => {
    const m = parsed('WMO301', '301', sample('WMO301').replace('<wmo301:Bsn>999900006<', '<wmo301:Bsn>079646979<'));
    expect(m.client.bsn).toBe('079646979');
  });
});

describe('other message models', () => {
  it('WMO302 carries RetourCodes on header and every class', () => {
    const msg = parsed('WMO302', '302');
    expect(msg.header.retourCodes).toEqual(['0200']);
    expect(msg.header.identificatieRetour).toBe('123456TT');
    expect(msg.client?.retourCodes).toEqual(['0200']);
    expect(msg.client?.toegewezenProducten.map((p) => p.retourCodes)).toEqual([['0200'], ['9332']]);
    expect(msg.client?.toegewezenProducten[1]?.budget).toBe(500000);
    expect(msg.client?.toegewezenProducten[1]?.product).toBeUndefined();
    expect(msg.client?.relaties[0]?.contact.retourCodes).toEqual(['0200']);
  });

  it('WMO306 (header-only retour) has no client', () => {
    const msg = parsed('WMO306', '306');
    expect(msg.client).toBeUndefined();
    expect(msg.header.retourCodes).toEqual(['8848']);
  });

  it('WMO305/307 start and stop products', () => {
    const start = parsed('WMO305', '305');
    expect(start.client.startProducten.map((p) => [p.toewijzingNummer, p.begindatum, p.statusAanlevering])).toEqual([
      ['300201', '2025-04-03', '1'], ['300202', '2025-04-04', '1'],
    ]);
    const stop = parsed('WMO307', '307');
    expect(stop.client.stopProducten[1]).toMatchObject({
      path: '/Bericht/Client/StopProducten/StopProduct[2]', redenBeeindiging: '31', einddatum: '2025-07-18', begindatum: '2025-04-15',
    });
  });

  it('WMO315 aangevraagde producten with Verwijzer', () => {
    const msg = parsed('WMO315', '315');
    expect(msg.client.aangevraagdeProducten.map((p) => p.referentieAanbieder)).toEqual(['42420001', '42420002']);
    expect(msg.client.aangevraagdeProducten[0]?.verwijzer).toMatchObject({ type: '04', naam: 'Verwijzer Naam' });
    expect(msg.client.gezagsdragerBekend).toBeUndefined();
  });

  it('WMO317/318 verzoek with the three product lists', () => {
    const msg = parsed('WMO317', '317');
    const v = msg.client.verzoek;
    expect(v.path).toBe('/Bericht/Client/Verzoek');
    expect(v.ongewijzigdeProducten.map((p) => p.toewijzingNummer)).toEqual(['10071']);
    expect(v.teWijzigenProducten[0]).toMatchObject({ toewijzingNummer: '10072', gewensteIngangsdatum: '2023-04-02', einddatum: '2023-12-31' });
    expect(v.nieuweProducten[0]?.path).toBe('/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct');
    expect(v.nieuweProducten[0]?.omvang).toMatchObject({ volume: 20, eenheid: '14', frequentie: '4' });
    const retour = parsed('WMO318', '318');
    expect(retour.client?.verzoek.ongewijzigdeProducten[0]?.retourCodes).toEqual(['9350']);
  });

  it('WMO323 declaratie: several clients, amounts as numbers', () => {
    const msg = parsed('WMO323', '323');
    const d = msg.declaratie;
    expect(d.declaratieNummer).toBe('DN001');
    expect(d.totaalIngediendBedrag).toMatchObject({ totaalBedrag: 58000, debetCredit: 'D' });
    expect(d.clienten.map((c) => [c.path, c.bsn])).toEqual([
      ['/Bericht/Declaratie/Clienten/Client[1]', '999900006'],
      ['/Bericht/Declaratie/Clienten/Client[2]', '999900018'],
    ]);
    expect(d.clienten[1]?.prestaties[0]).toMatchObject({
      path: '/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[1]',
      productReferentie: { referentieNummer: 'RN003' },
      toewijzingNummer: '20074',
      geleverdVolume: 4,
      productTarief: 1250,
      ingediendBedrag: { bedrag: 5000, debetCredit: 'D' },
      productPeriode: { begindatum: '2023-04-01', einddatum: '2023-04-30' },
    });
  });

  it('WMO325 declaratie-antwoord: several RetourCodes stay a list', () => {
    const msg = parsed('WMO325', '325');
    expect(msg.header.declaratieIdentificatie.identificatie).toBe('765432198');
    expect(msg.declaratieAntwoord?.totaalToegekendBedrag.totaalBedrag).toBe(24000);
    expect(msg.declaratieAntwoord?.clienten[0]?.prestaties[1]?.retourCodes).toEqual(['9339', '9340', '9341']);
    expect(msg.declaratieAntwoord?.clienten[1]?.prestaties).toHaveLength(1);
    expect(msg.declaratieAntwoord?.clienten[1]?.prestaties[0]?.path).toBe('/Bericht/DeclaratieAntwoord/Clienten/Client[2]/Prestaties/Prestatie');
  });

  it('iJw-only elements: GezagsdragerBekend (316) and Woonplaatsbeginsel (319)', () => {
    expect(parsed('JW316', '316').client?.gezagsdragerBekend).toBe('1');
    const antwoord = parsed('JW319', '319').antwoord;
    expect(antwoord.woonplaatsbeginsel).toEqual({ path: '/Bericht/Antwoord/Woonplaatsbeginsel', gemeente: '1916', retourCodes: undefined });
    expect(parsed('JW301', '301').client.toegewezenProducten.map((p) => p.product?.categorie)).toEqual(['55', '55']);
  });

  it('JW315 from samples-invalid (once its impossible date is fixed) carries GezagsdragerBekend', () => {
    const raw = readFileSync(`${CORPUS}/ijw-3.2/samples-invalid/JW315.xml`, 'utf8').replaceAll('2027-06-31', '2027-06-30');
    expect(xsdErrors('JW315', raw)).toEqual([]);
    const msg = parsed('JW315', '315', raw);
    expect(msg.client.gezagsdragerBekend).toBe('1');
    expect(msg.client.aangevraagdeProducten[1]?.verwijzer.zorgverlenerCode).toBe('12345678');
  });

  it('reads xs:integer amounts with leading zeros as numbers', () => {
    const xml = replaceNth(sample('WMO323'), '<iwmo:TotaalBedrag>58000<', '<iwmo:TotaalBedrag>058000<');
    expect(xsdErrors('WMO323', xml)).toEqual([]);
    expect(parsed('WMO323', '323', xml).declaratie.totaalIngediendBedrag.totaalBedrag).toBe(58000);
  });
});

describe('parseIwmoIjw errors', () => {
  it('rejects an unknown type code', () => {
    expect(() => parseIwmoIjw(sample('WMO301'), 'WMO999')).toThrow(expect.objectContaining({ code: 'IWMO_IJW_UNKNOWN_TYPE' }));
  });

  it('rejects a message whose BerichtCode belongs to another type', () => {
    const err = (() => { try { parseIwmoIjw(sample('WMO301'), 'JW301'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(IwmoIjwModelError);
    expect(err).toMatchObject({ code: 'IWMO_IJW_TYPE_MISMATCH', path: '/Bericht/Header/BerichtCode' });
  });

  it('rejects a document that is not a Bericht', () => {
    expect(() => parseIwmoIjw('<Rapport/>', 'WMO301')).toThrow(expect.objectContaining({ code: 'IWMO_IJW_NOT_A_BERICHT' }));
  });

  it('names the path of a missing element and never its neighbours\' values', () => {
    const xml = sample('WMO301').replace(/<wmo301:Toewijzingsdatum>.*<\/wmo301:Toewijzingsdatum>/, '');
    const err = (() => { try { parseIwmoIjw(xml, 'WMO301'); } catch (e) { return e as IwmoIjwModelError; } })();
    expect(err?.code).toBe('IWMO_IJW_MISSING_ELEMENT');
    expect(err?.path).toBe('/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Toewijzingsdatum');
    expect(err?.message).not.toContain('999900006');
  });
});
