// The CD conditions (element required or forbidden when …) of the official XSLT 2.10.5. One mutation per
// rule: it starts from an XSD-valid sample that passes level 2, changes it so that only that rule breaks
// (the mutated XML is shown to be XSD-valid too), and asserts the rule id, the path and retour code 0001.
import { describe, expect, it } from 'vitest';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import { LEVEL2_RULES, runLevel2, type RuleFailure } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { replaceNth, replaceUnique, sample } from './support/samples.ts';
import { xsdErrors } from './support/xsd.ts';

function level2(type: string, xml: string): RuleFailure[] {
  expect(xsdErrors(type, xml)).toEqual([]);
  const failures = runLevel2(parseIwmoIjw(xml, type));
  for (const f of failures) expect(f.code).toBe('0001');
  return failures;
}

const brief = (fs: RuleFailure[]) => fs.map(({ rule, path }) => ({ rule, path }));

/** WMO317 with its Dagtekening one day earlier, so it no longer breaks TR380. */
const wmo317 = () => replaceNth(sample('WMO317'), '<iwmo:Dagtekening>2023-04-02<', '<iwmo:Dagtekening>2023-04-01<');

const CLIENT_ADRES = '/Bericht/Client/Contactgegevens/Contact/Adres';
const RELATIE1 = '/Bericht/Client/Relaties/Relatie[1]/Contact';
const PRODUCT = '/Bericht/Client/ToegewezenProducten/ToegewezenProduct';
const AANGEVRAAGD1 = '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]';
const PRESTATIE1 = '/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]';
const OMVANG_301 = /<wmo301:Omvang>[\s\S]*?<\/wmo301:Omvang>/;

describe('baselines', () => {
  it.each(['WMO301', 'WMO315', 'WMO319', 'WMO323', 'JW301'])('%s passes every CD rule', (type) => {
    expect(level2(type, sample(type))).toEqual([]);
  });
  it('WMO317 with an earlier Dagtekening passes', () => expect(level2('WMO317', wmo317())).toEqual([]));
  it('every CD rule is a level-2 rule with retour code 0001', () => {
    const cds = LEVEL2_RULES.filter((r) => r.id.startsWith('CD'));
    expect(cds.map((r) => r.id)).toEqual([
      'CD005', 'CD007', 'CD009', 'CD025', 'CD034', 'CD041', 'CD043', 'CD060', 'CD066', 'CD067', 'CD068',
      'CD075', 'CD076', 'CD077', 'CD078', 'CD079', 'CD080', 'CD085', 'CD086', 'CD087', 'CD095', 'CD096',
    ]);
    for (const r of cds) expect({ id: r.id, level: r.level, code: r.retourCode }).toEqual({ id: r.id, level: 2, code: '0001' });
  });
});

describe('CD005 Postcode and LandCode together', () => {
  it('a Postcode without LandCode', () => {
    const xml = replaceNth(sample('WMO301'), '<iwmo:LandCode>AD</iwmo:LandCode>', '', 3);
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD005', path: `${CLIENT_ADRES}/Postcode` }]);
  });
  it('a LandCode without Postcode (on a correspondence address, so CD034 does not apply)', () => {
    const xml = replaceNth(replaceNth(sample('WMO301'), '<wmo301:Soort>01</wmo301:Soort>', '<wmo301:Soort>02</wmo301:Soort>', 1), '<iwmo:Postcode>9999XX</iwmo:Postcode>', '', 1);
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD005', path: `${RELATIE1}/Adres/LandCode` }]);
  });
});

describe('CD007 Taal only with Vorm 1 (tolk taal)', () => {
  it('a Taal with another Vorm', () => {
    const xml = replaceNth(sample('WMO301'), '<iwmo:Vorm>1</iwmo:Vorm>', '<iwmo:Vorm>2</iwmo:Vorm>');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD007', path: '/Bericht/Client/Communicatie/Taal' }]);
  });
  it('Vorm 1 without Taal (iJw)', () => {
    const xml = replaceNth(sample('JW301'), '<ijw:Taal>Zweeds</ijw:Taal>', '');
    expect(brief(level2('JW301', xml))).toEqual([{ rule: 'CD007', path: '/Bericht/Client/Communicatie/Vorm' }]);
  });
});

describe('CD009 Periode only on a temporary address', () => {
  it('a Periode on a BRP address', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Emailadres>1@er.com</wmo301:Emailadres>', '<wmo301:Emailadres>1@er.com</wmo301:Emailadres><wmo301:Periode><iwmo:Begindatum>2023-01-01</iwmo:Begindatum></wmo301:Periode>');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD009', path: '/Bericht/Client/Contactgegevens/Contact/Periode' }]);
  });
  it('is allowed on Soort 04', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Soort>01</wmo301:Soort>', '<wmo301:Soort>04</wmo301:Soort>', 1)
      .replace('<wmo301:Emailadres>a@b.com</wmo301:Emailadres>', '<wmo301:Emailadres>a@b.com</wmo301:Emailadres><wmo301:Periode><iwmo:Begindatum>2023-01-01</iwmo:Begindatum></wmo301:Periode>');
    expect(level2('WMO301', xml)).toEqual([]);
  });
});

describe('CD025 Huisnummer for a Dutch address', () => {
  it('LandCode NL without Huis', () => {
    const xml = replaceNth(replaceUnique(sample('WMO301'), /<iwmo:Huis>\s*<iwmo:Huisnummer>10<\/iwmo:Huisnummer>[\s\S]*?<\/iwmo:Huis>/, ''), '<iwmo:LandCode>AD</iwmo:LandCode>', '<iwmo:LandCode>NL</iwmo:LandCode>', 1);
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD025', path: `${RELATIE1}/Adres/LandCode` }]);
  });
});

describe('CD034 Postcode on a BRP or verblijf address', () => {
  it('Soort 01 without Postcode (and LandCode, so CD005 holds)', () => {
    const xml = replaceNth(replaceNth(sample('WMO301'), '<iwmo:Postcode>9999XX</iwmo:Postcode>', '', 1), '<iwmo:LandCode>AD</iwmo:LandCode>', '', 1);
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD034', path: `${RELATIE1}/Soort` }]);
  });
});

describe('CD041 Omvang for a specific product (Code filled)', () => {
  it('ToegewezenProduct (301)', () => {
    const xml = replaceUnique(sample('WMO301'), OMVANG_301, '');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD041', path: `${PRODUCT}/Product/Code` }]);
  });
  it('AangevraagdProduct (315)', () => {
    // The first AangevraagdProduct's Omvang only.
    const xml = sample('WMO315').replace(/<wmo315:Omvang>[\s\S]*?<\/wmo315:Omvang>/, '');
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD041', path: `${AANGEVRAAGD1}/Product/Code` }]);
  });
  it('NieuwProduct (317)', () => {
    const xml = replaceUnique(wmo317(), /<wmo317:Omvang>[\s\S]*?<\/wmo317:Omvang>/, '');
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'CD041', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Product/Code' }]);
  });
});

describe('CD043 BeschikkingNummer and BeschikkingIngangsdatum together', () => {
  it('a BeschikkingNummer without its date', () => {
    const xml = replaceNth(sample('WMO315'), '<wmo315:BeschikkingIngangsdatum>2023-06-01</wmo315:BeschikkingIngangsdatum>', '', 1);
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD043', path: `${AANGEVRAAGD1}/BeschikkingNummer` }]);
  });
  it('a date without BeschikkingNummer', () => {
    const xml = replaceNth(sample('WMO315'), '<wmo315:BeschikkingNummer>1234</wmo315:BeschikkingNummer>', '', 1);
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD043', path: `${AANGEVRAAGD1}/BeschikkingIngangsdatum` }]);
  });
});

describe('CD060 VorigReferentieNummer exactly on a credit prestatie', () => {
  it('a debet prestatie with a VorigReferentieNummer', () => {
    const xml = replaceNth(sample('WMO323'), '<iwmo:ReferentieNummer>RN001</iwmo:ReferentieNummer>', '<iwmo:ReferentieNummer>RN001</iwmo:ReferentieNummer><iwmo:VorigReferentieNummer>RN999</iwmo:VorigReferentieNummer>');
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'CD060', path: `${PRESTATIE1}/ProductReferentie/VorigReferentieNummer` }]);
  });
  it('a credit prestatie without one (the total adjusted, so TR358 holds)', () => {
    const xml = replaceNth(
      replaceUnique(sample('WMO323'), /(<iwmo:ReferentieNummer>RN001<\/iwmo:ReferentieNummer>[\s\S]*?<iwmo:DebetCredit>)D/, '$1C'),
      '<iwmo:TotaalBedrag>58000</iwmo:TotaalBedrag>', '<iwmo:TotaalBedrag>48000</iwmo:TotaalBedrag>',
    );
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'CD060', path: `${PRESTATIE1}/IngediendBedrag/DebetCredit` }]);
  });
});

describe('CD066–CD068 Verwijzer Naam and ZorgverlenerCode', () => {
  it('CD066: a zorgverlener (Type 04) with ZorgverlenerCode and Naam', () => {
    const xml = replaceNth(sample('WMO315'), '<iwmo:Naam>Verwijzer Naam</iwmo:Naam>', '<iwmo:Naam>Verwijzer Naam</iwmo:Naam><iwmo:ZorgverlenerCode>12345678</iwmo:ZorgverlenerCode>', 1);
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD066', path: `${AANGEVRAAGD1}/Verwijzer/Naam` }]);
  });
  it('CD067: a zorgverlener without ZorgverlenerCode and without Naam', () => {
    const xml = replaceNth(sample('WMO315'), '<iwmo:Naam>Verwijzer Naam</iwmo:Naam>', '', 1);
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD067', path: `${AANGEVRAAGD1}/Verwijzer/Type` }]);
  });
  it('CD068: a ZorgverlenerCode for a Verwijzer that is no zorgverlener (Type 01)', () => {
    const xml = replaceNth(
      replaceNth(sample('WMO315'), '<iwmo:Type>04</iwmo:Type>', '<iwmo:Type>01</iwmo:Type>', 1),
      '<iwmo:Naam>Verwijzer Naam</iwmo:Naam>', '<iwmo:Naam>Verwijzer Naam</iwmo:Naam><iwmo:ZorgverlenerCode>12345678</iwmo:ZorgverlenerCode>', 1,
    );
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD068', path: `${AANGEVRAAGD1}/Verwijzer/ZorgverlenerCode` }]);
  });
});

/** WMO301 whose product is a budget assignment: Categorie only, Budget instead of Omvang. */
const budget301 = () => replaceUnique(replaceNth(sample('WMO301'), '<iwmo:Code>01A01</iwmo:Code>', ''), OMVANG_301, '<wmo301:Budget>500000</wmo301:Budget>');

describe('CD075 Einddatum when a Budget is given', () => {
  it('the budget assignment passes with an Einddatum', () => expect(level2('WMO301', budget301())).toEqual([]));
  it('ToegewezenProduct without Einddatum', () => {
    const xml = replaceNth(budget301(), '<wmo301:Einddatum>2023-12-31</wmo301:Einddatum>', '');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD075', path: `${PRODUCT}/Budget` }]);
  });
  it('TeWijzigenProduct without Einddatum (317)', () => {
    const xml = replaceUnique(wmo317(), /<wmo317:Einddatum>2023-12-31<\/wmo317:Einddatum>(\s*<\/wmo317:TeWijzigenProduct>)/, '<wmo317:Budget>1000</wmo317:Budget>$1');
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'CD075', path: '/Bericht/Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct/Budget' }]);
  });
});

describe('CD076 Einddatum when the Omvang is per week', () => {
  it('Frequentie 2 without Einddatum (iJw)', () => {
    const xml = replaceNth(sample('JW301'), '<jw301:Einddatum>2026-07-14</jw301:Einddatum>', '');
    expect(brief(level2('JW301', xml))).toEqual([{ rule: 'CD076', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Omvang/Frequentie' }]);
  });
  it('Frequentie 1 needs none', () => {
    expect(level2('WMO301', replaceNth(sample('WMO301'), '<wmo301:Einddatum>2023-12-31</wmo301:Einddatum>', ''))).toEqual([]);
  });
});

describe('CD077 / CD078 Budget and Omvang exclude each other', () => {
  // The two are the same condition seen from either element: a product with both always breaks both,
  // in the XSLT as here, so neither can break alone.
  it('a product with both', () => {
    const xml = replaceNth(sample('WMO301'), '</wmo301:Omvang>', '</wmo301:Omvang><wmo301:Budget>1000</wmo301:Budget>');
    expect(brief(level2('WMO301', xml))).toEqual([
      { rule: 'CD077', path: `${PRODUCT}/Budget` },
      { rule: 'CD078', path: `${PRODUCT}/Omvang` },
    ]);
  });
  it('in an AangevraagdProduct too', () => {
    const xml = replaceNth(sample('WMO315'), '</wmo315:Omvang>', '</wmo315:Omvang><wmo315:Budget>1000</wmo315:Budget>', 2);
    const path = '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]';
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD077', path: `${path}/Budget` }, { rule: 'CD078', path: `${path}/Omvang` }]);
  });
});

describe('CD079 Product unless a Budget is given', () => {
  it('a ToegewezenProduct with neither Product nor Budget (nor Omvang)', () => {
    const xml = replaceUnique(replaceUnique(sample('WMO301'), /<wmo301:Product>[\s\S]*?<\/wmo301:Product>/, ''), OMVANG_301, '');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD079', path: PRODUCT }]);
  });
  it('a generic budget assignment without Product passes', () => {
    const xml = replaceUnique(budget301(), /<wmo301:Product>[\s\S]*?<\/wmo301:Product>/, '');
    expect(level2('WMO301', xml)).toEqual([]);
  });
});

describe('CD080 / CD095 / CD096 no Omvang without Product/Code after 2020', () => {
  it('CD080: ToegewezenProduct with Categorie only and an Omvang', () => {
    const xml = replaceNth(sample('WMO301'), '<iwmo:Code>01A01</iwmo:Code>', '');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CD080', path: `${PRODUCT}/Omvang` }]);
  });
  it('CD080 does not look at a product that ended in 2020', () => {
    const xml = replaceNth(sample('WMO301'), '<iwmo:Code>01A01</iwmo:Code>', '')
      .replace('<wmo301:Ingangsdatum>2023-01-01</wmo301:Ingangsdatum>', '<wmo301:Ingangsdatum>2020-12-01</wmo301:Ingangsdatum>')
      .replace('<wmo301:Einddatum>2023-12-31</wmo301:Einddatum>', '<wmo301:Einddatum>2020-12-31</wmo301:Einddatum>');
    expect(level2('WMO301', xml)).toEqual([]);
  });
  it('CD095: AangevraagdProduct with Categorie only and an Omvang', () => {
    const xml = replaceNth(sample('WMO315'), '<iwmo:Code>ABCDE</iwmo:Code>', '');
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'CD095', path: `${AANGEVRAAGD1}/Omvang` }]);
  });
  it('CD096: NieuwProduct with Categorie only and an Omvang', () => {
    const xml = replaceNth(wmo317(), '<iwmo:Code>01A12</iwmo:Code>', '');
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'CD096', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Omvang' }]);
  });
});

describe('CD085 / CD086 RedenAfwijzingVerzoek follows VerzoekAntwoord', () => {
  it('CD085: a refusal (1) without reason', () => {
    const xml = replaceNth(sample('WMO319'), '<wmo319:RedenAfwijzingVerzoek>7</wmo319:RedenAfwijzingVerzoek>', '');
    expect(brief(level2('WMO319', xml))).toEqual([{ rule: 'CD085', path: '/Bericht/Antwoord/VerzoekAntwoord' }]);
  });
  it('CD086: "in onderzoek" (2) with a reason', () => {
    const xml = replaceNth(sample('WMO319'), '<wmo319:VerzoekAntwoord>1<', '<wmo319:VerzoekAntwoord>2<');
    expect(brief(level2('WMO319', xml))).toEqual([{ rule: 'CD086', path: '/Bericht/Antwoord/RedenAfwijzingVerzoek' }]);
  });
});

describe('CD087 ProductTarief exactly when the Eenheid is not euro (83)', () => {
  it('an hourly prestatie without ProductTarief', () => {
    const xml = replaceNth(sample('WMO323'), '<wmo323:ProductTarief>1250</wmo323:ProductTarief>', '', 1);
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'CD087', path: `${PRESTATIE1}/Eenheid` }]);
  });
  it('a euro prestatie with a ProductTarief', () => {
    // GeleverdVolume = Bedrag (5000 eurocent), so CS339 holds for the euro line.
    const xml = replaceNth(replaceNth(sample('WMO323'), '<wmo323:Eenheid>04</wmo323:Eenheid>', '<wmo323:Eenheid>83</wmo323:Eenheid>', 1),
      '<wmo323:GeleverdVolume>4<', '<wmo323:GeleverdVolume>5000<', 1);
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'CD087', path: `${PRESTATIE1}/ProductTarief` }]);
  });
});
