import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import {
  iwmoIjwJsonDocumentSchema, JSON_SCHEMA_FILE, renderIwmoIjwJsonSchema, toCanonicalJson, type IwmoIjwJsonDocument,
} from '../../../mappings/iwmo-json/index.ts';
import { corpusFiles, sample } from '../../support/corpus.ts';

const SAMPLES = [...corpusFiles('iwmo-3.2/samples'), ...corpusFiles('ijw-3.2/samples')];

function documentOf(family: 'iwmo-3.2' | 'ijw-3.2', type: string): IwmoIjwJsonDocument {
  return toCanonicalJson(parseIwmoIjw(sample(family, type), type));
}

// The JSON Schema file checked by an independent validator (ajv, draft 2020-12, with the 'date' format).
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validateWithJsonSchema = ajv.compile(JSON.parse(readFileSync(JSON_SCHEMA_FILE, 'utf8')) as object);

describe('canonical JSON document', () => {
  it('covers all 26 corpus samples (14 iWmo, 12 iJw)', () => {
    expect(SAMPLES).toHaveLength(26);
  });

  for (const { name, body } of SAMPLES) {
    const type = name.replace('.xml', '');
    it(`${type} maps to a document that passes the zod schema and the JSON Schema file`, () => {
      const doc = toCanonicalJson(parseIwmoIjw(body, type));
      expect(doc.berichtType).toBe(type);
      const parsed = iwmoIjwJsonDocumentSchema.safeParse(doc);
      expect(parsed.success ? 'ok' : JSON.stringify(parsed.error.issues)).toBe('ok');
      // Plain JSON: a round trip through text changes nothing (no Dates, no undefined, no class instances).
      expect(JSON.parse(JSON.stringify(doc))).toStrictEqual(doc);
      expect(validateWithJsonSchema(doc) ? 'ok' : JSON.stringify(validateWithJsonSchema.errors)).toBe('ok');
      expect(JSON.stringify(doc)).not.toContain('"path"');
    });
  }

  it('keeps WMO301 header, client and product values as the XML has them', () => {
    const doc = documentOf('iwmo-3.2', 'WMO301');
    if (doc.berichtType !== 'WMO301') throw new Error('expected a WMO301 document');
    expect(doc.documentVersie).toBe(1);
    expect(doc.header).toEqual({
      berichtCode: '414', berichtVersie: '3', berichtSubversie: '2', afzender: '0384', ontvanger: '42420001',
      berichtIdentificatie: { identificatie: '123456789012', dagtekening: '2023-08-13' },
      xsdVersie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' },
    });
    expect(doc.client.bsn).toBe('999900006');
    expect(doc.client.geboortedatum).toEqual({ datum: '1967-08-13' });
    expect(doc.client.naam.geslachtsnaam).toEqual({ achternaam: 'Wit', voorvoegsel: 'de' });
    expect(doc.client.naam.naamGebruik).toBe('4');
    expect(doc.client.juridischeStatus).toBe('02');
    expect(doc.client.relaties).toHaveLength(2);
    expect(doc.client.relaties[0]!.contact.adres?.huis).toEqual({ huisnummer: '10', huisletter: 'A', huisnummerToevoeging: 'BEL', aanduidingWoonadres: 'AB' });
    expect(doc.client.relaties[0]!.contact.telefoon?.telefoon02).toEqual({ telefoonnummer: '0201234567', landnummer: '0031' });
    const product = doc.client.toegewezenProducten[0]!;
    expect(product).toMatchObject({
      toewijzingNummer: '101', referentieAanbieder: '42420002', product: { categorie: '01', code: '01A01' },
      toewijzingsdatum: '2023-08-13', toewijzingstijd: '12:34:56', ingangsdatum: '2023-01-01', einddatum: '2023-12-31',
      omvang: { volume: 10, eenheid: '01', frequentie: '1' },
    });
    expect(product).not.toHaveProperty('budget');
    expect(product).not.toHaveProperty('retourCodes');
  });

  it('carries the retour fields and the RetourCodes of every class in a WMO302', () => {
    const doc = documentOf('iwmo-3.2', 'WMO302');
    if (doc.berichtType !== 'WMO302') throw new Error('expected a WMO302 document');
    expect(doc.header).toMatchObject({ identificatieRetour: '123456TT', dagtekeningRetour: '2023-08-13', xsltVersie: '1.0.0', retourCodes: ['0200'] });
    const products = doc.client?.toegewezenProducten ?? [];
    expect(products.map((p) => [p.toewijzingNummer, p.retourCodes])).toEqual([['101', ['0200']], ['102', ['9332']]]);
    expect(doc.client?.retourCodes).toEqual(['0200']);
  });

  it('keeps amounts in eurocent as integers in a WMO323', () => {
    const doc = documentOf('iwmo-3.2', 'WMO323');
    if (doc.berichtType !== 'WMO323') throw new Error('expected a WMO323 document');
    expect(doc.header.afzender).toBe('65656055');
    expect(doc.declaratie.totaalIngediendBedrag).toEqual({ totaalBedrag: 58000, debetCredit: 'D' });
    expect(doc.declaratie.declaratiePeriode).toEqual({ begindatum: '2023-04-01', einddatum: '2023-04-30' });
    expect(doc.declaratie.clienten.map((c) => c.bsn)).toEqual(['999900006', '999900018']);
    expect(doc.declaratie.clienten[0]!.prestaties[1]).toEqual({
      productReferentie: { referentieNummer: 'RN002' }, toewijzingNummer: '200730', productCategorie: '01', productCode: '01A04',
      productPeriode: { begindatum: '2023-04-01', einddatum: '2023-04-30' }, geleverdVolume: 16, eenheid: '04', productTarief: 1500,
      ingediendBedrag: { bedrag: 24000, debetCredit: 'D' },
    });
  });

  it('refers a WMO325 to its 323 and gives both totals', () => {
    const doc = documentOf('iwmo-3.2', 'WMO325');
    if (doc.berichtType !== 'WMO325') throw new Error('expected a WMO325 document');
    expect(doc.header.declaratieIdentificatie).toEqual({ identificatie: '765432198', dagtekening: '2023-05-06' });
    expect(doc.header.retourCodes).toEqual(['0200']);
    expect(doc.declaratieAntwoord?.totaalToegekendBedrag).toEqual({ totaalBedrag: 24000, debetCredit: 'D' });
  });

  it('keeps the three product lists of a WMO317', () => {
    const doc = documentOf('iwmo-3.2', 'WMO317');
    if (doc.berichtType !== 'WMO317') throw new Error('expected a WMO317 document');
    expect(doc.client.verzoek.ongewijzigdeProducten).toEqual([{ toewijzingNummer: '10071' }]);
    expect(doc.client.verzoek.teWijzigenProducten).toEqual([{ toewijzingNummer: '10072', gewensteIngangsdatum: '2023-04-02', einddatum: '2023-12-31' }]);
    expect(doc.client.verzoek.nieuweProducten[0]!.omvang).toEqual({ volume: 20, eenheid: '14', frequentie: '4' });
  });

  it('carries the iJw-only Woonplaatsbeginsel (JW319) and GezagsdragerBekend (JW316)', () => {
    const antwoord = documentOf('ijw-3.2', 'JW319');
    if (antwoord.berichtType !== 'JW319') throw new Error('expected a JW319 document');
    expect(antwoord.antwoord).toEqual({ referentieAanbieder: '9003', verzoekAntwoord: '1', redenAfwijzingVerzoek: '8', woonplaatsbeginsel: { gemeente: '1916' } });
    const retour = documentOf('ijw-3.2', 'JW316');
    if (retour.berichtType !== 'JW316') throw new Error('expected a JW316 document');
    expect(retour.client?.gezagsdragerBekend).toBe('1');
    expect(retour.client?.aangevraagdeProducten.map((p) => p.verwijzer.type)).toEqual(['02', '01']);
  });

  it('maps a header-only retour (no Client) to a document without client', () => {
    const xml = sample('iwmo-3.2', 'WMO306').toString('utf8').replace(/<wmo306:Client>[\s\S]*<\/wmo306:Client>/, '');
    const doc = toCanonicalJson(parseIwmoIjw(xml, 'WMO306'));
    expect(doc).not.toHaveProperty('client');
    expect(iwmoIjwJsonDocumentSchema.safeParse(doc).success).toBe(true);
    expect(validateWithJsonSchema(doc)).toBe(true);
  });

  it('is refused by both schemas when a field is wrong, missing, extra, or belongs to the other standard', () => {
    const good = documentOf('iwmo-3.2', 'WMO323');
    const bad: unknown[] = [
      { ...good, berichtType: 'WMO399' },
      { ...good, extra: true },
      JSON.parse(JSON.stringify(good).replace('"totaalBedrag":58000', '"totaalBedrag":"58000"')),
      JSON.parse(JSON.stringify(good).replace('"dagtekening":"2023-05-06"', '"dagtekening":"06-05-2023"')),
      JSON.parse(JSON.stringify(good).replace('"afzender":"65656055"', '"afzender":"0384"')),
      JSON.parse(JSON.stringify(good).replace('"productTarief":1250', '"productTarief":12.5')),
      Object.fromEntries(Object.entries(good).filter(([key]) => key !== 'declaratie')),
      // Woonplaatsbeginsel is iJw only: a WMO319 document may not carry it.
      { ...documentOf('ijw-3.2', 'JW319'), berichtType: 'WMO319' },
    ];
    for (const doc of bad) {
      expect(iwmoIjwJsonDocumentSchema.safeParse(doc).success).toBe(false);
      expect(validateWithJsonSchema(doc)).toBe(false);
    }
  });

  it('has a JSON Schema file on disk identical to what write-schema.ts would write now', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(renderIwmoIjwJsonSchema());
  });
});
