// One mutation per rule: each starts from an XSD-valid sample that passes level 2, changes it so that only
// that rule breaks (the mutated XML is shown to be XSD-valid too), and asserts the rule id and path.
import { describe, expect, it } from 'vitest';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import {
  LEVEL2_RULES, LEVEL4_LOCAL_RULES, passesElfproef, runLevel2, runRules, type RuleFailure,
} from '../../../adapters/iwmo-ijw/rules/index.ts';
import { replaceNth, replaceUnique, sample } from './support/samples.ts';
import { xsdErrors } from './support/xsd.ts';

function level2(type: string, xml: string): RuleFailure[] {
  expect(xsdErrors(type, xml)).toEqual([]);
  return runLevel2(parseIwmoIjw(xml, type));
}

const brief = (fs: RuleFailure[]) => fs.map(({ rule, path }) => ({ rule, path }));

/** WMO317 with its Dagtekening one day earlier, so it no longer breaks TR380. */
const wmo317 = () => replaceNth(sample('WMO317'), '<iwmo:Dagtekening>2023-04-02<', '<iwmo:Dagtekening>2023-04-01<');

/** The first ToegewezenProduct of WMO301 as a block, to add further products. */
function toegewezenProduct(nummer: string, categorie: string, code: string, ingang: string, eind: string, extra = ''): string {
  return `<wmo301:ToegewezenProduct>
    <wmo301:ToewijzingNummer>${nummer}</wmo301:ToewijzingNummer>
    <wmo301:Product><iwmo:Categorie>${categorie}</iwmo:Categorie><iwmo:Code>${code}</iwmo:Code></wmo301:Product>
    <wmo301:Toewijzingsdatum>2023-08-13</wmo301:Toewijzingsdatum>
    <wmo301:Toewijzingstijd>12:34:56</wmo301:Toewijzingstijd>
    <wmo301:Ingangsdatum>${ingang}</wmo301:Ingangsdatum>
    <wmo301:Einddatum>${eind}</wmo301:Einddatum>${extra}
    <wmo301:Omvang><iwmo:Volume>10</iwmo:Volume><iwmo:Eenheid>01</iwmo:Eenheid><iwmo:Frequentie>1</iwmo:Frequentie></wmo301:Omvang>
  </wmo301:ToegewezenProduct>`;
}
const withProduct = (block: string) => replaceNth(sample('WMO301'), '</wmo301:ToegewezenProducten>', `${block}</wmo301:ToegewezenProducten>`);

describe('baselines', () => {
  it.each(['WMO301', 'WMO305', 'WMO307', 'WMO315', 'WMO323', 'WMO325', 'JW301', 'JW305', 'JW319', 'JW320'])('%s passes', (type) => {
    expect(level2(type, sample(type))).toEqual([]);
  });
  it('WMO317 with an earlier Dagtekening passes', () => expect(level2('WMO317', wmo317())).toEqual([]));
});

describe('CS002 BSN 11-proef', () => {
  it('fails on the client Bsn', () => {
    const fs = level2('WMO301', replaceNth(sample('WMO301'), '<wmo301:Bsn>999900006<', '<wmo301:Bsn>123456789<'));
    expect(brief(fs)).toEqual([{ rule: 'CS002', path: '/Bericht/Client/Bsn' }]);
    expect(fs[0]?.code).toBe('0001');
    expect(fs[0]?.message).not.toContain('123456789');
  });
  it('names the client in a 323 with several clients', () => {
    const fs = level2('WMO323', replaceNth(sample('WMO323'), '>999900018<', '>999900019<'));
    expect(brief(fs)).toEqual([{ rule: 'CS002', path: '/Bericht/Declaratie/Clienten/Client[2]/Bsn' }]);
  });
  it('also checks retours and iJw', () => {
    expect(brief(level2('WMO302', replaceNth(sample('WMO302'), '>999900006<', '>999900007<')))).toEqual([{ rule: 'CS002', path: '/Bericht/Client/Bsn' }]);
    expect(brief(level2('JW305', replaceNth(sample('JW305'), '>999900006<', '>999900007<')))).toEqual([{ rule: 'CS002', path: '/Bericht/Client/Bsn' }]);
  });
  it('computes the 11-proef like the XSLT', () => {
    expect(['999900006', '999900018', '079646979', '111222333', '000000000'].map(passesElfproef)).toEqual([true, true, true, true, true]);
    expect(['123456789', '999900007', '12345678', '07964697x'].map(passesElfproef)).toEqual([false, false, false, false]);
  });
});

describe('CS025 / CS015 header versions (already fixed by the XSD pattern)', () => {
  it('CS025 BerichtVersie 3', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:BerichtVersie>3<', '<wmo301:BerichtVersie>4<');
    expect(xsdErrors('WMO301', xml).join()).toContain('BerichtVersie');
    expect(brief(runLevel2(parseIwmoIjw(xml, 'WMO301')))).toEqual([{ rule: 'CS025', path: '/Bericht/Header/BerichtVersie' }]);
  });
  it('CS015 BerichtSubversie 2', () => {
    const xml = replaceNth(sample('JW320'), '<jw320:BerichtSubversie>2<', '<jw320:BerichtSubversie>1<');
    expect(xsdErrors('JW320', xml).join()).toContain('BerichtSubversie');
    expect(brief(runLevel2(parseIwmoIjw(xml, 'JW320')))).toEqual([{ rule: 'CS015', path: '/Bericht/Header/BerichtSubversie' }]);
  });
});

describe('CS003 end date not before begin date', () => {
  it('AangevraagdProduct ToewijzingEinddatum (315)', () => {
    const fs = level2('WMO315', replaceNth(sample('WMO315'), '<wmo315:ToewijzingEinddatum>2023-06-30<', '<wmo315:ToewijzingEinddatum>2023-05-31<'));
    expect(brief(fs)).toEqual([{ rule: 'CS003', path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum' }]);
  });
  it('a Contact Periode with an Einddatum but no Begindatum fails as in the XSLT (301)', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Soort>01</wmo301:Soort>', '<wmo301:Soort>04</wmo301:Soort>', 1)
      .replace('<wmo301:Emailadres>a@b.com</wmo301:Emailadres>', '<wmo301:Emailadres>a@b.com</wmo301:Emailadres><wmo301:Periode><iwmo:Einddatum>2023-12-31</iwmo:Einddatum></wmo301:Periode>');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'CS003', path: '/Bericht/Client/Relaties/Relatie[1]/Contact/Periode/Einddatum' }]);
  });
});

describe('TR002 birth date at most 120 years before Dagtekening', () => {
  const geb = (d: string, extra = '') =>
    replaceNth(sample('WMO301'), '<iwmo:Datum>1967-08-13</iwmo:Datum>', `<iwmo:Datum>${d}</iwmo:Datum>${extra}`, 1);
  it('fails one day past 120 years', () => {
    expect(brief(level2('WMO301', geb('1903-08-12')))).toEqual([{ rule: 'TR002', path: '/Bericht/Client/Geboortedatum/Datum' }]);
  });
  it('passes at exactly 120 years, and for the unknown date 1900-01-01 with DatumGebruik 3', () => {
    expect(level2('WMO301', geb('1903-08-13'))).toEqual([]);
    expect(level2('WMO301', geb('1900-01-01', '<iwmo:DatumGebruik>3</iwmo:DatumGebruik>'))).toEqual([]);
  });
  it('checks relations too', () => {
    const xml = replaceNth(sample('WMO301'), '<iwmo:Datum>1967-01-13</iwmo:Datum>', '<iwmo:Datum>1900-01-13</iwmo:Datum>');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'TR002', path: '/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/Datum' }]);
  });
});

describe('TR006 Contact needs Telefoon or Huis + Postcode', () => {
  it('fails on the client Contact without Huis and without Telefoon', () => {
    const xml = replaceUnique(sample('WMO301'), /<iwmo:Huis>\s*<iwmo:Huisnummer>100<\/iwmo:Huisnummer>[\s\S]*?<\/iwmo:Huis>/, '');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'TR006', path: '/Bericht/Client/Contactgegevens/Contact' }]);
  });
  it('a Telefoon alone is enough', () => {
    const xml = replaceUnique(sample('WMO301'), /<iwmo:Huis>\s*<iwmo:Huisnummer>100<\/iwmo:Huisnummer>[\s\S]*?<\/iwmo:Huis>/, '')
      .replace('<wmo301:Emailadres>1@er.com', '<wmo301:Telefoon><iwmo:Telefoon01><iwmo:Telefoonnummer>0101234567</iwmo:Telefoonnummer><iwmo:Landnummer>0031</iwmo:Landnummer></iwmo:Telefoon01></wmo301:Telefoon><wmo301:Emailadres>1@er.com');
    expect(level2('WMO301', xml)).toEqual([]);
  });
});

describe('TR018 StopProduct Einddatum not before Begindatum', () => {
  it('fails on the first StopProduct', () => {
    const fs = level2('WMO307', replaceNth(sample('WMO307'), '<wmo307:Einddatum>2025-07-18<', '<wmo307:Einddatum>2025-04-02<', 1));
    expect(brief(fs)).toEqual([{ rule: 'TR018', path: '/Bericht/Client/StopProducten/StopProduct[1]/Einddatum' }]);
  });
  it('the same day is allowed', () => {
    expect(level2('WMO307', replaceNth(sample('WMO307'), '<wmo307:Einddatum>2025-07-18<', '<wmo307:Einddatum>2025-04-03<', 1))).toEqual([]);
  });
});

describe('TR061 client needs an address of Soort 01, 02 or 03', () => {
  it('fails when the only client Contact is a temporary address', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Soort>01</wmo301:Soort>', '<wmo301:Soort>04</wmo301:Soort>', 3);
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'TR061', path: '/Bericht/Client/Contactgegevens' }]);
  });
});

describe('TR101 no duplicate lines', () => {
  it('two ToegewezenProducten with the same ToewijzingNummer (different products)', () => {
    const fs = level2('WMO301', withProduct(toegewezenProduct('101', '02', '02A01', '2023-01-01', '2023-12-31')));
    expect(brief(fs)).toEqual([{ rule: 'TR101', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]' }]);
    expect(fs[0]?.message).toContain('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]');
  });
  it('two Relaties with the same Nummer', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Nummer>2</wmo301:Nummer>', '<wmo301:Nummer>1</wmo301:Nummer>');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'TR101', path: '/Bericht/Client/Relaties/Relatie[2]' }]);
  });
  it('two StartProducten with the same key (Begindatum, Product, ToewijzingNummer)', () => {
    const xml = replaceNth(replaceNth(replaceNth(sample('WMO305'),
      '<wmo305:ToewijzingNummer>300202<', '<wmo305:ToewijzingNummer>300201<'),
      '<iwmo:Code>01A12<', '<iwmo:Code>01A11<'),
      '<wmo305:Begindatum>2025-04-04<', '<wmo305:Begindatum>2025-04-03<');
    expect(brief(level2('WMO305', xml))).toEqual([{ rule: 'TR101', path: '/Bericht/Client/StartProducten/StartProduct[2]' }]);
  });
  it('the same StartProduct with another Begindatum is not a duplicate', () => {
    const xml = replaceNth(replaceNth(sample('WMO305'),
      '<wmo305:ToewijzingNummer>300202<', '<wmo305:ToewijzingNummer>300201<'), '<iwmo:Code>01A12<', '<iwmo:Code>01A11<');
    expect(level2('WMO305', xml)).toEqual([]);
  });
});

describe('TR134 dates not after Dagtekening', () => {
  it('Toewijzingsdatum one day after the Dagtekening', () => {
    const xml = replaceNth(sample('WMO301'), '<wmo301:Toewijzingsdatum>2023-08-13<', '<wmo301:Toewijzingsdatum>2023-08-14<');
    expect(brief(level2('WMO301', xml))).toEqual([{ rule: 'TR134', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct/Toewijzingsdatum' }]);
  });
  it('StartProduct Begindatum after the Dagtekening (305)', () => {
    const xml = replaceNth(sample('WMO305'), '<wmo305:Begindatum>2025-04-04<', '<wmo305:Begindatum>2025-04-06<');
    expect(brief(level2('WMO305', xml))).toEqual([{ rule: 'TR134', path: '/Bericht/Client/StartProducten/StartProduct[2]/Begindatum' }]);
  });
});

describe('TR137 period end between its begin and the Dagtekening', () => {
  it('ProductPeriode Einddatum before its Begindatum (323)', () => {
    // Within one calendar month, so CS337 (ProductPeriode within a month) holds.
    const xml = replaceNth(replaceNth(sample('WMO323'), '<iwmo:Begindatum>2023-04-01<', '<iwmo:Begindatum>2023-04-15<', 2),
      '<iwmo:Einddatum>2023-04-30<', '<iwmo:Einddatum>2023-04-10<', 2);
    const fs = level2('WMO323', xml);
    expect(brief(fs)).toEqual([{ rule: 'TR137', path: '/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum' }]);
  });
  it('ProductPeriode Einddatum after the Dagtekening (325)', () => {
    const xml = replaceNth(sample('WMO325'), '<iwmo:Dagtekening>2023-05-06<', '<iwmo:Dagtekening>2023-04-29<', 1);
    expect(brief(level2('WMO325', xml))).toEqual([
      { rule: 'TR137', path: '/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum' },
      { rule: 'TR137', path: '/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[2]/ProductPeriode/Einddatum' },
      { rule: 'TR137', path: '/Bericht/DeclaratieAntwoord/Clienten/Client[2]/Prestaties/Prestatie/ProductPeriode/Einddatum' },
    ]);
  });
});

describe('TR302 same product only in non-overlapping periods (301)', () => {
  it('fails for the same product in an overlapping period', () => {
    const fs = level2('WMO301', withProduct(toegewezenProduct('102', '01', '01A01', '2023-06-01', '2024-05-31')));
    expect(brief(fs)).toEqual([{ rule: 'TR302', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]' }]);
  });
  it('a product without Code stacks with every product of its category', () => {
    const block = toegewezenProduct('102', '01', 'XXXXX', '2023-06-01', '2023-06-30').replace('<iwmo:Code>XXXXX</iwmo:Code>', '')
      .replace(/<wmo301:Omvang>[\s\S]*<\/wmo301:Omvang>/, '<wmo301:Budget>1000</wmo301:Budget>');
    expect(brief(level2('WMO301', withProduct(block)))).toEqual([{ rule: 'TR302', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]' }]);
  });
  it('passes when the periods only touch, for another code, for hulpmiddelen and for a deleted assignment', () => {
    expect(level2('WMO301', withProduct(toegewezenProduct('102', '01', '01A01', '2024-01-01', '2024-12-31')))).toEqual([]);
    expect(level2('WMO301', withProduct(toegewezenProduct('102', '01', '01A02', '2023-06-01', '2023-12-31')))).toEqual([]);
    const hulp = sample('WMO301').replace('<iwmo:Categorie>01</iwmo:Categorie>', '<iwmo:Categorie>12</iwmo:Categorie>');
    expect(level2('WMO301', replaceNth(hulp, '</wmo301:ToegewezenProducten>', `${toegewezenProduct('102', '12', '01A01', '2023-06-01', '2023-12-31')}</wmo301:ToegewezenProducten>`))).toEqual([]);
    const deleted = toegewezenProduct('102', '01', '01A01', '2023-06-01', '2023-06-01', '\n    <wmo301:RedenWijziging>13</wmo301:RedenWijziging>');
    expect(level2('WMO301', withProduct(deleted))).toEqual([]);
  });
  it('applies to iJw 301 as well', () => {
    const xml = replaceNth(sample('JW301'), '<ijw:Code>55A12<', '<ijw:Code>55A11<');
    expect(brief(level2('JW301', xml))).toEqual([{ rule: 'TR302', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]' }]);
  });
});

describe('TR386 same product only in non-overlapping periods (315)', () => {
  it('fails for the second AangevraagdProduct with the first one\'s product', () => {
    const xml = replaceNth(replaceNth(sample('WMO315'), '<iwmo:Categorie>02<', '<iwmo:Categorie>01<'), '<iwmo:Code>BCDEF<', '<iwmo:Code>ABCDE<');
    expect(brief(level2('WMO315', xml))).toEqual([{ rule: 'TR386', path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]' }]);
  });
});

describe('TR410 same product only in non-overlapping periods (317 NieuwProduct)', () => {
  it('fails for a second NieuwProduct of the same product starting within the first', () => {
    const second = `<wmo317:NieuwProduct>
      <wmo317:Product><iwmo:Categorie>01</iwmo:Categorie><iwmo:Code>01A12</iwmo:Code></wmo317:Product>
      <wmo317:GewensteIngangsdatum>2023-05-01</wmo317:GewensteIngangsdatum>
      <wmo317:Einddatum>2023-12-31</wmo317:Einddatum>
      <wmo317:Omvang><iwmo:Volume>2</iwmo:Volume><iwmo:Eenheid>14</iwmo:Eenheid><iwmo:Frequentie>4</iwmo:Frequentie></wmo317:Omvang>
    </wmo317:NieuwProduct>`;
    const xml = replaceNth(wmo317(), '</wmo317:NieuweProducten>', `${second}</wmo317:NieuweProducten>`);
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'TR410', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[2]' }]);
  });
});

describe('TR383 ReferentieAanbieder unique per AangevraagdProduct', () => {
  it('fails on the duplicate, and TR101 (key ReferentieAanbieder) fails with it, as in the official XSLT', () => {
    const xml = replaceNth(sample('WMO315'), '<wmo315:ReferentieAanbieder>42420002<', '<wmo315:ReferentieAanbieder>42420001<');
    const fs = level2('WMO315', xml);
    expect(fs.filter((f) => f.rule === 'TR383').map((f) => f.path)).toEqual(['/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ReferentieAanbieder']);
    expect(brief(fs)).toEqual([
      { rule: 'TR101', path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]' },
      { rule: 'TR383', path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ReferentieAanbieder' },
    ]);
  });
});

describe('TR352 / TR353 composition of a verzoek om wijziging', () => {
  const drop = (xml: string, wrapper: string) => replaceUnique(xml, new RegExp(`<wmo317:${wrapper}>[\\s\\S]*?</wmo317:${wrapper}>`), '');
  it('TR352: no OngewijzigdProduct and no TeWijzigenProduct', () => {
    const xml = drop(drop(wmo317(), 'OngewijzigdeProducten'), 'TeWijzigenProducten');
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'TR352', path: '/Bericht/Client/Verzoek' }]);
  });
  it('TR353: no TeWijzigenProduct and no NieuwProduct', () => {
    const xml = drop(drop(wmo317(), 'TeWijzigenProducten'), 'NieuweProducten');
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'TR353', path: '/Bericht/Client/Verzoek' }]);
  });
});

describe('TR380 NieuwProduct starts after the Dagtekening', () => {
  it('fails when it starts before the Dagtekening', () => {
    const xml = replaceNth(wmo317(), '<wmo317:GewensteIngangsdatum>2023-04-02<', '<wmo317:GewensteIngangsdatum>2023-03-31<', 2);
    expect(brief(level2('WMO317', xml))).toEqual([{ rule: 'TR380', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum' }]);
  });
  it('a TeWijzigenProduct may start before the Dagtekening', () => {
    const xml = replaceNth(wmo317(), '<wmo317:GewensteIngangsdatum>2023-04-02<', '<wmo317:GewensteIngangsdatum>2023-03-01<', 1);
    expect(level2('WMO317', xml)).toEqual([]);
  });
});

describe('TR377 / TR409 Woonplaatsbeginsel only with RedenAfwijzingVerzoek 8 (iJw 319)', () => {
  it('TR377: reason 8 without Woonplaatsbeginsel', () => {
    const xml = replaceUnique(sample('JW319'), /<jw319:Woonplaatsbeginsel>[\s\S]*<\/jw319:Woonplaatsbeginsel>/, '');
    expect(brief(level2('JW319', xml))).toEqual([{ rule: 'TR377', path: '/Bericht/Antwoord' }]);
  });
  it('TR409: Woonplaatsbeginsel with another reason', () => {
    const xml = replaceNth(sample('JW319'), '<jw319:RedenAfwijzingVerzoek>8<', '<jw319:RedenAfwijzingVerzoek>7<');
    expect(brief(level2('JW319', xml))).toEqual([{ rule: 'TR409', path: '/Bericht/Antwoord/Woonplaatsbeginsel' }]);
  });
});

describe('TR358 TotaalBedrag equals the debet/credit sum', () => {
  it('fails one cent off', () => {
    const fs = level2('WMO323', replaceNth(sample('WMO323'), '<iwmo:TotaalBedrag>58000<', '<iwmo:TotaalBedrag>58001<'));
    expect(brief(fs)).toEqual([{ rule: 'TR358', path: '/Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag' }]);
    expect(fs[0]?.message).toContain('som prestaties 58000 D');
  });
});

/** WMO323 with the prestatie `referentieNummer` turned into a credit line of `vorig`. */
function credit(xml: string, referentieNummer: string, vorig: string): string {
  const ref = `<iwmo:ReferentieNummer>${referentieNummer}</iwmo:ReferentieNummer>`;
  const at = xml.indexOf(ref);
  const dc = xml.indexOf('<iwmo:DebetCredit>D<', at);
  if (at < 0 || dc < 0) throw new Error(`prestatie ${referentieNummer} not found`);
  const withCredit = `${xml.slice(0, dc)}<iwmo:DebetCredit>C<${xml.slice(dc + '<iwmo:DebetCredit>D<'.length)}`;
  return replaceNth(withCredit, ref, `${ref}<iwmo:VorigReferentieNummer>${vorig}</iwmo:VorigReferentieNummer>`);
}
const totaal = (xml: string, bedrag: number) => replaceNth(xml, '<iwmo:TotaalBedrag>58000<', `<iwmo:TotaalBedrag>${bedrag}<`);

describe('TR315 VorigReferentieNummer unique in the message', () => {
  it('fails when two clients credit the same earlier prestatie', () => {
    // RN001 (5000) and RN003 (5000) become credit lines of the same RN900: 48000 D - 10000 C.
    const xml = totaal(credit(credit(sample('WMO323'), 'RN001', 'RN900'), 'RN003', 'RN900'), 38000);
    expect(brief(level2('WMO323', xml))).toEqual([
      { rule: 'TR315', path: '/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[1]/ProductReferentie/VorigReferentieNummer' },
    ]);
  });
  it('distinct VorigReferentieNummers pass', () => {
    const xml = totaal(credit(credit(sample('WMO323'), 'RN001', 'RN900'), 'RN003', 'RN901'), 38000);
    expect(level2('WMO323', xml)).toEqual([]);
  });
});

describe('TR316 no crediting of a debet line in the same message', () => {
  const path = (c: number, p: number) => `/Bericht/Declaratie/Clienten/Client[${c}]/Prestaties/Prestatie[${p}]/ProductReferentie/VorigReferentieNummer`;
  it('credit after the debet line', () => {
    // RN002 (24000) credits RN001: 34000 D - 24000 C.
    const xml = totaal(credit(sample('WMO323'), 'RN002', 'RN001'), 10000);
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'TR316', path: path(1, 2) }]);
  });
  it('credit before the debet line, across clients', () => {
    // RN001 (5000) credits RN004 of client 2: 53000 D - 5000 C.
    const xml = totaal(credit(sample('WMO323'), 'RN001', 'RN004'), 48000);
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'TR316', path: path(1, 1) }]);
  });
  it('a line crediting itself', () => {
    const xml = totaal(credit(sample('WMO323'), 'RN001', 'RN001'), 48000);
    expect(brief(level2('WMO323', xml))).toEqual([{ rule: 'TR316', path: path(1, 1) }]);
  });
});

describe('TR346 Bedrag = GeleverdVolume × ProductTarief (level 4, retour code 9346)', () => {
  const xml = replaceNth(sample('WMO323'), '<wmo323:ProductTarief>1250<', '<wmo323:ProductTarief>1251<', 1);
  it('is not part of level 2', () => {
    expect(level2('WMO323', xml)).toEqual([]);
    expect(LEVEL2_RULES.map((r) => r.id)).not.toContain('TR346');
  });
  it('fails as a local level-4 check', () => {
    const fs = runRules(parseIwmoIjw(xml, 'WMO323'), LEVEL4_LOCAL_RULES);
    expect(fs.map(({ rule, code, path }) => ({ rule, code, path }))).toEqual([
      { rule: 'TR346', code: '9346', path: '/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/IngediendBedrag/Bedrag' },
    ]);
  });
  it('exempts Eenheid 83 (euro) and passes the samples', () => {
    const euro = replaceNth(xml, '<wmo323:Eenheid>04<', '<wmo323:Eenheid>83<', 1);
    expect(runRules(parseIwmoIjw(euro, 'WMO323'), LEVEL4_LOCAL_RULES)).toEqual([]);
    for (const t of ['WMO323', 'JW323']) expect(runRules(parseIwmoIjw(sample(t), t), LEVEL4_LOCAL_RULES)).toEqual([]);
  });
});

describe('rule registry', () => {
  it('every rule carries its id, scope, level and retour code', () => {
    const ids = LEVEL2_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([
      'CS002', 'CS015', 'CS025', 'TR002', 'TR006', 'TR018', 'TR061', 'TR101', 'TR134', 'TR137', 'TR302', 'TR315',
      'TR316', 'TR352', 'TR353', 'TR358', 'TR380', 'TR383', 'TR386', 'TR410',
    ]));
    for (const r of LEVEL2_RULES) {
      expect(r.level).toBe(2);
      expect(r.retourCode).toBe('0001');
      expect(r.appliesTo.length).toBeGreaterThan(0);
      for (const t of r.appliesTo) expect(t).toMatch(/^(WMO|JW)3\d\d$/);
    }
  });

  it('a rule outside its scope is not run', () => {
    // A 307 end date before its begin date is TR018; TR018 does not look at a 301.
    const msg = parseIwmoIjw(replaceNth(sample('WMO307'), '<wmo307:Einddatum>2025-07-18<', '<wmo307:Einddatum>2025-04-02<', 1), 'WMO307');
    const tr018 = LEVEL2_RULES.find((r) => r.id === 'TR018');
    expect(tr018?.appliesTo).toEqual(['WMO307', 'JW307']);
    expect(runRules({ ...msg, type: 'WMO301' }, tr018 ? [tr018] : [])).toEqual([]);
  });
});
