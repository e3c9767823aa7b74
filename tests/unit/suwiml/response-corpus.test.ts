// Every corpus sample answer, read by the codec and checked field by field against its own XML. The expected
// values come from the files (read with fast-xml-parser, types from the XSD text), not from the codec.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  DIENSTEN, dkdJsonSchemaFile, gevondenSchema, parseResponseBody, SUWIML_SCHEMAS_DIR, type DienstAntwoord, type Dienst,
} from '../../../adapters/suwiml/index.ts';
import {
  basisXsds, check, elementsOfType, reactionXsds, RESPONSES, response, same, samples, xmlLeaves,
} from './support.ts';

const lcfirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function expectedDatum(text: string): { datum: string; volledig: boolean } {
  const [y, m, d] = [text.slice(0, 4), text.slice(4, 6), text.slice(6, 8)];
  return { datum: `${y}-${m}-${d}`, volledig: y !== '0000' && m !== '00' && d !== '00' };
}

function isDatum(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).sort().join() === 'datum,volledig';
}

/** Leaves of the JSON: strings, numbers and SuwiDatum objects. */
function jsonLeafCount(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'object' || isDatum(v)) return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + jsonLeafCount(x), 0);
  return Object.values(v).reduce((n: number, x) => n + jsonLeafCount(x), 0);
}

function gevonden(a: DienstAntwoord): Extract<DienstAntwoord, { kind: 'gevonden' }> {
  if (a.kind !== 'gevonden') throw new Error(`expected gevonden, got ${a.kind}`);
  return a;
}

/** Compares every leaf of the XML with the JSON; returns the paths of non-empty leaves the JSON left out. */
function compareFieldByField(dienst: Dienst, xml: string, data: unknown): { compared: number; leftOut: string[] } {
  const xsds = [...reactionXsds(SUWIML_SCHEMAS_DIR, dienst, DIENSTEN[dienst].release), ...basisXsds(SUWIML_SCHEMAS_DIR)];
  const dates = elementsOfType(xsds, 'sml:Datum');
  const amounts = elementsOfType(xsds, 'sml:WaardeBedr');
  check(dates.size > 0 && amounts.has('WaardeBedr'), 'the XSD text names Datum and WaardeBedr elements');
  const { leaves } = xmlLeaves(xml);
  let compared = 0;
  const leftOut: string[] = [];
  for (const leaf of leaves) {
    if (leaf.steps[0]?.name === 'FWI') continue;
    let node: unknown = data;
    for (const step of leaf.steps) {
      const value = (node as Record<string, unknown> | undefined)?.[lcfirst(step.name)];
      node = Array.isArray(value) ? value[step.index] : step.index === 0 ? value : undefined;
    }
    if (leaf.text === '') {
      check(node === undefined || (typeof node === 'object' && jsonLeafCount(node) === 0), `${leaf.path} is empty in the XML and has no value`);
      continue;
    }
    if (node === undefined) { leftOut.push(leaf.path); continue; }
    const expected = dates.has(leaf.steps.at(-1)!.name) ? expectedDatum(leaf.text)
      : amounts.has(leaf.steps.at(-1)!.name) ? Number(leaf.text)
        : leaf.text;
    same(node, expected, leaf.path);
    compared++;
  }
  return { compared, leftOut };
}

const validators = new Map<Dienst, ReturnType<Ajv2020['compile']>>();
function jsonSchemaValid(dienst: Dienst, data: unknown): boolean {
  if (!validators.has(dienst)) {
    validators.set(dienst, new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(dkdJsonSchemaFile(dienst), 'utf8'))));
  }
  return validators.get(dienst)!(data) === true;
}

describe('SuwiML answers from the corpus, field by field', () => {
  const all = samples(RESPONSES);

  it('covers every sample answer of the corpus (7 files, four diensten)', () => {
    expect(all.length).toBe(7);
    expect(new Set(all.map((s) => s.dienst))).toEqual(new Set(Object.keys(DIENSTEN)));
  });

  // Test names carry the sample's position, never its BSN (CI scans the output).
  const withData = samples(RESPONSES).filter((s) => !s.file.startsWith('Bijstandsregelingen_BijstandsregelingenInfo_9999'));
  withData.forEach((sample, i) => {
    it(`${sample.dienst} answer (corpus sample ${i + 1} of ${withData.length}): every leaf of the XML is in the JSON with its value, nothing else is`, () => {
      const answer = gevonden(parseResponseBody(sample.dienst, sample.xml));
      expect(answer.dienst).toBe(sample.dienst);
      const { compared, leftOut } = compareFieldByField(sample.dienst, sample.xml, answer.data);
      expect(compared).toBeGreaterThan(5);
      // Nothing invented: the JSON has exactly the leaves that were compared.
      expect(jsonLeafCount(answer.data)).toBe(compared);
      // A leaf is only left out when a warning names its path.
      const unreadable = answer.warnings.filter((w) => w.code === 'waarde-onleesbaar').map((w) => w.path);
      expect(leftOut.sort()).toEqual([...unreadable].sort());
      expect(jsonSchemaValid(sample.dienst, answer.data)).toBe(true);
      expect(gevondenSchema(sample.dienst).safeParse(answer).success).toBe(true);
    });
  });

  it('the field-by-field check itself catches a changed value, a changed date and a dropped field', () => {
    const xml = response('SVBDossierPersoonGSD_SVBPersoonsInfo_444444440.xml');
    const data = gevonden(parseResponseBody('SVBDossierPersoonGSD', xml)).data as any;
    const copy = () => JSON.parse(JSON.stringify(data));
    const changedAmount = copy();
    changedAmount.clientSuwi.uitkeringsverhouding[0].uitkeringsperiode[1].nettoUitkeringsbedr[0].waardeBedr += 1;
    expect(() => compareFieldByField('SVBDossierPersoonGSD', xml, changedAmount)).toThrow(/NettoUitkeringsbedr\/WaardeBedr/);
    const changedDate = copy();
    changedDate.clientSuwi.uitkeringsverhouding[0].datBUitkeringsverhouding.volledig = false;
    expect(() => compareFieldByField('SVBDossierPersoonGSD', xml, changedDate)).toThrow(/DatBUitkeringsverhouding/);
    const dropped = copy();
    delete dropped.clientSuwi.uitkeringsverhouding[0].szWet;
    expect(compareFieldByField('SVBDossierPersoonGSD', xml, dropped).leftOut).toEqual(['/SVBPersoonsInfoResponse/ClientSuwi/Uitkeringsverhouding/SzWet/CdSzWet']);
  });

  it('BRP: the person, address and parents arrive with dates, codes and BAG ids as the source has them', () => {
    const xml = response('BRPDossierPersoonGSD_AanvraagPersoon_999999990.xml');
    const data = gevonden(parseResponseBody('BRPDossierPersoonGSD', xml)).data as any;
    expect(data.clientSuwi).toHaveLength(1);
    const p = data.clientSuwi[0];
    expect(p.geboortedat).toEqual({ datum: '1965-03-10', volledig: true });
    expect(p.cdBrpGegevensGeheim).toBe('7');
    expect(p.cdGeboortegemeente).toBe('0363');
    expect(p.geboorteland).toBe('6030');
    expect(p.nationaliteit).toEqual([{ cdNationaliteit: '0001', geldigheidGegevensNationaliteit: { datGeldigheidGegevens: { datum: '1965-03-10', volledig: true } } }]);
    expect(p.domicilieAdres.identificatiecdVerblijfplaats).toBe('0530010002090227');
    expect(p.aangifteAdreshoudingBrp.cdGemeenteVanInschrijving).toBe('0363');
    expect(p.ouder1.datBFamilierechtelijkeBetrekking).toEqual({ datum: '1965-03-10', volledig: true });
    expect(p.ouder2.geboortedat).toEqual({ datum: '1946-01-21', volledig: true });
    expect(p.inschrijvingsgegevensBrp).toEqual({});
    expect(p.huwelijk).toEqual([]);
    // The BSN and names arrive (compared without printing them).
    check(p.burgerservicenr === '999999990', 'BRP burgerservicenr');
  });

  it('UWV: income relations, periods and wage statements with amounts in eurocent and their sign', () => {
    const xml = response('UWVDossierInkomstenGSD_UWVPersoonsIkvInfo_999998493.xml');
    const answer = gevonden(parseResponseBody('UWVDossierInkomstenGSD', xml));
    const ikv = (answer.data as any).clientSuwi.inkomstenverhouding;
    expect(ikv.length).toBe(xmlLeaves(xml).leaves.filter((l) => l.steps.length === 3 && l.steps[1]!.name === 'Inkomstenverhouding' && l.steps[2]!.name === 'VolgnrIkv').length);
    expect(ikv[0].volgnrIkv).toBe('1');
    expect(ikv[0].datBIkv).toEqual({ datum: '2020-02-01', volledig: true });
    expect(ikv[0].administratieveEenheid.loonheffingennr).toBe('334455667L01');
    expect(ikv[0].administratieveEenheid.feitelijkAdresAeh[0].straatadres.postcd).toBe('3542AD');
    expect(ikv[0].inkomstenperiode[0]).toMatchObject({ cdSrtIkv: '11', cdTypeArbeidscontract: 'O', cdInvloedVerzekeringsplicht: 'AB', cdAardIkv: '12' });
    expect(ikv[0].inkomstenopgave[0]).toMatchObject({
      datBIko: { datum: '2021-03-01', volledig: true },
      aantSvDagenIko: '23',
      aantVerloondeUrenIko: '172',
      bedrBrutoloonSv: { cdMunteenheid: 'EUR', cdPositiefNegatief: '+', waardeBedr: 252300 },
    });
    expect(ikv[1].inkomstenperiode[0].cdSrtIkv).toBe('53');
  });

  it('UWV (the large sample): the period the answer covers (PeriodeGegevensleveringIko, beside ClientSuwi) arrives', () => {
    const xml = response('UWVDossierInkomstenGSD_UWVPersoonsIkvInfo_999996769.xml');
    const data = gevonden(parseResponseBody('UWVDossierInkomstenGSD', xml)).data as any;
    expect(data.periodeGegevensleveringIko).toEqual({
      datBPeriode: { datum: '2020-07-20', volledig: true },
      datEPeriode: { datum: '2023-09-20', volledig: true },
    });
    expect(data.clientSuwi.inkomstenverhouding.length).toBeGreaterThan(0);
  });

  it('SVB: AOW per period, gross and net in eurocent with the period code; a zero amount stays 0', () => {
    const data = gevonden(parseResponseBody('SVBDossierPersoonGSD', response('SVBDossierPersoonGSD_SVBPersoonsInfo_444444440.xml'))).data as any;
    const uv = data.clientSuwi.uitkeringsverhouding;
    expect(uv).toHaveLength(1);
    expect(uv[0].szWet).toEqual({ cdSzWet: 'AOW' });
    expect(uv[0].datEUitkeringsverhouding).toEqual({ datum: '2023-08-31', volledig: true });
    expect(uv[0].uitkeringsperiode).toHaveLength(5);
    expect(uv[0].uitkeringsperiode[0].brutoUitkeringsbedr).toEqual([{
      cdMunteenheid: 'EUR', waardeBedr: 116000, cdUitkeringsperiode: '6',
      datBBrutoUitkeringsbedr: { datum: '2020-09-01', volledig: true }, datEBrutoUitkeringsbedr: { datum: '2020-09-30', volledig: true },
    }]);
    expect(uv[0].uitkeringsperiode[0].nettoUitkeringsbedr[0].waardeBedr).toBe(89300);
    expect(uv[0].uitkeringsperiode[3].brutoUitkeringsbedr[0].waardeBedr).toBe(0);
    // Geslacht stands after Geboortedat in the sample (against the XSD order) and still arrives.
    expect(data.clientSuwi.geslacht).toBe('2');
  });

  it('Bijstandsregelingen: vorderingen, bijzondere bijstand and Bron arrive; amounts written as "5000.00" are left out with a warning', () => {
    const answer = gevonden(parseResponseBody('Bijstandsregelingen', response('Bijstandsregelingen_BijstandsregelingenInfo_111111110.xml')));
    const c = (answer.data as any).clientSuwi;
    expect(c.aanvraagUitkering).toHaveLength(2);
    expect(c.aanvraagUitkering[0].beslissingOpAanvraagUitkering).toEqual({ cdBeslissingOpAanvraagUitkering: '01', datDagtekeningBeslisOpAanvrUitk: { datum: '2024-01-20', volledig: true } });
    expect(c.aanvraagUitkering[0].bron).toEqual({ cdKolomSuwi: '1', cdPartijSuwi: 'P001' }); // empty CdVestigingSuwi: absent
    expect(c.vordering).toHaveLength(2);
    expect(c.vordering[0]).toMatchObject({ cdRedenVordering: '01', cdStatusVordering: '01', fraude: { cdSrtSanctie: '01', parketnrJustitie: '12.345678' } });
    expect(c.vordering[0].bedrAanvangVordering).toBeUndefined();
    expect(c.vordering[1].partnerVordering).toHaveLength(2);
    expect(c.specifiekeGegevensBijzBijstand.map((s: any) => s.omsSrtKostenBijzBijstand)).toEqual(['Medische kosten', 'Woonkosten']);
    expect(c.specifiekeGegevensBijzBijstand[1].bron.cdVestigingSuwi).toBe('V004');
    const unreadable = answer.warnings.filter((w) => w.code === 'waarde-onleesbaar').map((w) => w.path);
    expect(unreadable).toEqual([
      '/BijstandsregelingenInfoResponse/ClientSuwi/Vordering[1]/BedrAanvangVordering',
      '/BijstandsregelingenInfoResponse/ClientSuwi/Vordering[1]/BedrSaldoVordering',
      '/BijstandsregelingenInfoResponse/ClientSuwi/Vordering[2]/BedrAanvangVordering',
      '/BijstandsregelingenInfoResponse/ClientSuwi/Vordering[2]/BedrSaldoVordering',
    ]);
  });
});
