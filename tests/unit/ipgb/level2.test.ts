import { afterAll, describe, expect, it } from 'vitest';
import { IPGB_LEVEL2_RULES, PGB001, runIpgbLevel2, type IpgbRuleContext } from '../../../adapters/ipgb/index.ts';
import { disposeAdapter, edits, fixture, model, type Edit, type FixtureName } from './support.ts';

afterAll(() => disposeAdapter());

const TODAY = '2026-12-01';
const CTX: IpgbRuleContext = { today: TODAY, gemeentecodes: new Set(['0384']) };

const FB1 = '<wmo501:Zorgfunctie>02</wmo501:Zorgfunctie>';
const FB2 = '<wmo501:Zorgfunctie>01</wmo501:Zorgfunctie>';
const REL1 = '<wmo501:Nummer>REL-1</wmo501:Nummer>';
const REL2 = '<wmo501:Nummer>REL-2</wmo501:Nummer>';
const FB_PATH = '/Bericht/Client/Budget/FunctieBudgetten/FunctieBudget';

interface Case {
  name: string;
  rule: string;
  fixture: FixtureName;
  edits: readonly Edit[];
  ctx?: IpgbRuleContext;
  /** Element path and class of the one expected finding. */
  path: string;
  klasse: string;
  /** Other rules that necessarily fail with it (see the CD025 case). */
  also?: string[];
  /** A mutation just inside the rule: no finding at all. */
  control: { fixture?: FixtureName; edits: readonly Edit[]; ctx?: IpgbRuleContext };
}

const CASES: Case[] = [
  {
    name: 'Dagtekening after today', rule: 'CS064', fixture: 'WMO501',
    edits: [['', '<ipgb:Dagtekening>2026-11-30</ipgb:Dagtekening>', '<ipgb:Dagtekening>2026-12-02</ipgb:Dagtekening>']],
    path: '/Bericht/Header/BerichtIdentificatie/Dagtekening', klasse: '/Bericht/Header',
    control: { edits: [['', '<ipgb:Dagtekening>2026-11-30</ipgb:Dagtekening>', `<ipgb:Dagtekening>${TODAY}</ipgb:Dagtekening>`]] },
  },
  {
    name: 'Dagtekening after today (507)', rule: 'CS064', fixture: 'WMO507',
    edits: [['', '<ipgb:Dagtekening>2026-11-30</ipgb:Dagtekening>', '<ipgb:Dagtekening>2027-01-01</ipgb:Dagtekening>']],
    path: '/Bericht/Header/BerichtIdentificatie/Dagtekening', klasse: '/Bericht/Header',
    control: { edits: [['', '<ipgb:Dagtekening>2026-11-30</ipgb:Dagtekening>', `<ipgb:Dagtekening>${TODAY}</ipgb:Dagtekening>`]] },
  },
  {
    name: 'Afzender not a known gemeentecode', rule: 'CS300', fixture: 'WMO501', edits: [], ctx: { today: TODAY, gemeentecodes: new Set(['0363']) },
    path: '/Bericht/Header/Afzender', klasse: '/Bericht/Header',
    control: { edits: [], ctx: { today: TODAY, gemeentecodes: new Set(['0363', '0384']) } },
  },
  {
    name: 'Ontvanger not a known gemeentecode (507)', rule: 'CS300', fixture: 'JW507', edits: [['', '<jw507:Ontvanger>0384</jw507:Ontvanger>', '<jw507:Ontvanger>0001</jw507:Ontvanger>']],
    path: '/Bericht/Header/Ontvanger', klasse: '/Bericht/Header',
    control: { edits: [] },
  },
  {
    name: 'client Bsn fails the 11-proef', rule: 'CS002', fixture: 'WMO501',
    edits: [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>777000004</wmo501:Bsn>']],
    path: '/Bericht/Client/Bsn', klasse: '/Bericht/Client',
    control: { edits: [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>777000040</wmo501:Bsn>']] },
  },
  {
    name: 'relatie Bsn fails the 11-proef', rule: 'CS002', fixture: 'WMO501',
    edits: [['', '<wmo501:Bsn>777000015</wmo501:Bsn>', '<wmo501:Bsn>777000016</wmo501:Bsn>']],
    path: '/Bericht/Client/Relaties/Relatie[1]/Bsn', klasse: '/Bericht/Client/Relaties/Relatie[1]',
    control: { edits: [['', '<wmo501:Bsn>777000015</wmo501:Bsn>', '<wmo501:Bsn>777000052</wmo501:Bsn>']] },
  },
  {
    name: 'client Bsn of a BAB fails the 11-proef', rule: 'CS002', fixture: 'JW507',
    edits: [['', '<jw507:Bsn>777000027</jw507:Bsn>', '<jw507:Bsn>777000028</jw507:Bsn>']],
    path: '/Bericht/Client/Bsn', klasse: '/Bericht/Client',
    control: { edits: [] },
  },
  {
    name: 'FunctieBudgetPeriode ends before it begins', rule: 'CS003', fixture: 'WMO501',
    edits: [[FB2, '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2025-12-31</ipgb:Einddatum>']],
    path: `${FB_PATH}[2]/FunctieBudgetPeriode/Einddatum`, klasse: `${FB_PATH}[2]`,
    control: { edits: [[FB2, '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2026-01-01</ipgb:Einddatum>']] },
  },
  {
    name: 'BudgetPeriode ends before it begins', rule: 'CS003', fixture: 'WMO501',
    edits: [['<wmo501:BudgetPeriode>', '<ipgb:Einddatum>2026-12-31</ipgb:Einddatum>', '<ipgb:Einddatum>2025-12-31</ipgb:Einddatum>']],
    path: '/Bericht/Client/Budget/BudgetPeriode/Einddatum', klasse: '/Bericht/Client/Budget',
    control: { edits: [['<wmo501:BudgetPeriode>', '<ipgb:Einddatum>2026-12-31</ipgb:Einddatum>', '<ipgb:Einddatum>2026-01-01</ipgb:Einddatum>']] },
  },
  {
    name: 'BestedingsPeriode ends before it begins', rule: 'CS003', fixture: 'WMO507',
    edits: [['<wmo507:Zorgfunctie>01</wmo507:Zorgfunctie>', '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2025-06-30</ipgb:Einddatum>']],
    path: '/Bericht/Client/FunctieBudgettenBesteed/FunctieBudgetBesteed[1]/BestedingsPeriode/Einddatum', klasse: '/Bericht/Client/FunctieBudgettenBesteed/FunctieBudgetBesteed[1]',
    control: { edits: [['<wmo507:Zorgfunctie>01</wmo507:Zorgfunctie>', '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2026-01-01</ipgb:Einddatum>']] },
  },
  {
    name: 'Afgiftedatum after the Dagtekening', rule: 'CS023', fixture: 'WMO501',
    edits: [['', '<wmo501:Afgiftedatum>2026-11-15</wmo501:Afgiftedatum>', '<wmo501:Afgiftedatum>2026-12-01</wmo501:Afgiftedatum>']],
    path: '/Bericht/Client/Budget/Afgiftedatum', klasse: '/Bericht/Client/Budget',
    control: { edits: [['', '<wmo501:Afgiftedatum>2026-11-15</wmo501:Afgiftedatum>', '<wmo501:Afgiftedatum>2026-11-30</wmo501:Afgiftedatum>']] },
  },
  {
    name: 'NaamGebruik 5 with a Partnernaam', rule: 'CS050', fixture: 'WMO501',
    edits: [['', '<ipgb:NaamGebruik>3</ipgb:NaamGebruik>', '<ipgb:NaamGebruik>5</ipgb:NaamGebruik>']],
    path: '/Bericht/Client/Relaties/Relatie[1]/Naam/NaamGebruik', klasse: '/Bericht/Client/Relaties/Relatie[1]',
    control: { edits: [['', '<ipgb:NaamGebruik>3</ipgb:NaamGebruik>', '<ipgb:NaamGebruik>4</ipgb:NaamGebruik>']] },
  },
  {
    name: 'NaamGebruik other than 1 without a Partnernaam', rule: 'CS050', fixture: 'JW501',
    edits: [['', '<ipgb:NaamGebruik>1</ipgb:NaamGebruik>', '<ipgb:NaamGebruik>2</ipgb:NaamGebruik>']],
    path: '/Bericht/Client/Relaties/Relatie/Naam/NaamGebruik', klasse: '/Bericht/Client/Relaties/Relatie',
    control: { edits: [] },
  },
  {
    name: 'a Dutch Postcode not in the Dutch pattern', rule: 'CS089', fixture: 'WMO501',
    edits: [['', '<ipgb:Postcode>1234AB</ipgb:Postcode>', '<ipgb:Postcode>0234AB</ipgb:Postcode>']],
    path: '/Bericht/Client/Contact/Adres/Postcode', klasse: '/Bericht/Client/Contact',
    control: { edits: [['', '<ipgb:Postcode>1234AB</ipgb:Postcode>', '<ipgb:Postcode>9999zz</ipgb:Postcode>']] },
  },
  {
    name: 'Soort 4 (gewaarborgde hulp)', rule: 'CS502', fixture: 'WMO501',
    edits: [[REL2, '<wmo501:Soort>9</wmo501:Soort>', '<wmo501:Soort>4</wmo501:Soort>']],
    path: '/Bericht/Client/Relaties/Relatie[2]/Soort', klasse: '/Bericht/Client/Relaties/Relatie[2]',
    control: { edits: [[REL2, '<wmo501:Soort>9</wmo501:Soort>', '<wmo501:Soort>10</wmo501:Soort>']] },
  },
  {
    name: 'Postcode without LandCode', rule: 'CD005', fixture: 'WMO501',
    edits: [['', '<ipgb:LandCode>NL</ipgb:LandCode>', '']],
    path: '/Bericht/Client/Contact/Adres/Postcode', klasse: '/Bericht/Client/Contact',
    control: { edits: [['', '<ipgb:LandCode>NL</ipgb:LandCode>', '<ipgb:LandCode>BE</ipgb:LandCode>']] },
  },
  {
    // TR506 (an address holds at least Huis and Postcode) fails with every address CD025 refuses: an NL address
    // without Huis has no Huis. The two rules overlap in the standard itself, so this case asserts exactly both.
    name: 'LandCode NL without Huis', rule: 'CD025', fixture: 'JW501',
    edits: [['', '<ipgb:Huisnummer>7</ipgb:Huisnummer>', ''], ['', '<ipgb:AanduidingWoonadres>TO</ipgb:AanduidingWoonadres>', ''], ['', '<ipgb:Huis>', ''], ['', '</ipgb:Huis>', '']],
    path: '/Bericht/Client/Relaties/Relatie/Contact/Adres/LandCode', klasse: '/Bericht/Client/Relaties/Relatie/Contact',
    also: ['TR506'],
    control: { edits: [] },
  },
  {
    name: 'Bsn beside KvkNummer and Organisatie', rule: 'CD504', fixture: 'WMO501',
    edits: [[REL2, '<wmo501:Soort>9</wmo501:Soort>', '<wmo501:Soort>9</wmo501:Soort><wmo501:Bsn>777000040</wmo501:Bsn>']],
    path: '/Bericht/Client/Relaties/Relatie[2]/Bsn', klasse: '/Bericht/Client/Relaties/Relatie[2]',
    control: { edits: [[REL2, '<wmo501:KvkNummer>99000017</wmo501:KvkNummer>', '']] },
  },
  {
    name: 'Naam beside Organisatie', rule: 'CD504', fixture: 'WMO501',
    edits: [[REL2, '<wmo501:Ingangsdatum>', '<wmo501:Naam><ipgb:Geslachtsnaam><ipgb:Achternaam>Proef</ipgb:Achternaam></ipgb:Geslachtsnaam><ipgb:NaamGebruik>1</ipgb:NaamGebruik></wmo501:Naam><wmo501:Ingangsdatum>']],
    path: '/Bericht/Client/Relaties/Relatie[2]/Naam', klasse: '/Bericht/Client/Relaties/Relatie[2]',
    control: { edits: [] },
  },
  {
    name: 'amount 0 over more than one day', rule: 'CD505', fixture: 'WMO501',
    edits: [[FB2, '<wmo501:FunctieBudgetBedrag>300000</wmo501:FunctieBudgetBedrag>', '<wmo501:FunctieBudgetBedrag>0</wmo501:FunctieBudgetBedrag>']],
    path: `${FB_PATH}[2]/FunctieBudgetPeriode/Einddatum`, klasse: `${FB_PATH}[2]`,
    control: { edits: [[FB2, '<wmo501:FunctieBudgetBedrag>300000</wmo501:FunctieBudgetBedrag>', '<wmo501:FunctieBudgetBedrag>1</wmo501:FunctieBudgetBedrag>']] },
  },
  {
    name: 'two relaties with one Nummer', rule: 'TR101', fixture: 'WMO501',
    edits: [['', REL2, '<wmo501:Nummer>REL-1</wmo501:Nummer>']],
    path: '/Bericht/Client/Relaties/Relatie[2]', klasse: '/Bericht/Client/Relaties/Relatie[2]',
    control: { edits: [['', REL2, '<wmo501:Nummer>REL-1b</wmo501:Nummer>']] },
  },
  {
    name: 'two function budgets with one zorgfunctie and period', rule: 'TR101', fixture: 'WMO501',
    edits: [[FB2, '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2026-12-31</ipgb:Einddatum>'], ['', FB2, FB1]],
    path: `${FB_PATH}[2]`, klasse: `${FB_PATH}[2]`,
    control: { edits: [['', FB2, FB1]] },
  },
  {
    name: 'VerantwoordingsvrijBedrag above the FunctieBudgetBedrag', rule: 'TR503', fixture: 'WMO501',
    edits: [['', '<wmo501:VerantwoordingsvrijBedrag>25000</wmo501:VerantwoordingsvrijBedrag>', '<wmo501:VerantwoordingsvrijBedrag>1250001</wmo501:VerantwoordingsvrijBedrag>']],
    path: `${FB_PATH}[1]/VerantwoordingsvrijBedrag`, klasse: `${FB_PATH}[1]`,
    control: { edits: [['', '<wmo501:VerantwoordingsvrijBedrag>25000</wmo501:VerantwoordingsvrijBedrag>', '<wmo501:VerantwoordingsvrijBedrag>1250000</wmo501:VerantwoordingsvrijBedrag>']] },
  },
  {
    name: 'an address without Postcode', rule: 'TR506', fixture: 'WMO501',
    edits: [['', '<ipgb:Postcode>1234AB</ipgb:Postcode>', ''], ['', '<ipgb:LandCode>NL</ipgb:LandCode>', '']],
    path: '/Bericht/Client/Contact/Adres', klasse: '/Bericht/Client/Contact',
    control: { edits: [['', '<ipgb:Straatnaam>Proeflaan</ipgb:Straatnaam>', ''], ['', '<ipgb:Plaatsnaam>Voorbeeldstad</ipgb:Plaatsnaam>', '']] },
  },
  {
    name: 'a FunctieBudgetPeriode beginning before 2018', rule: 'TR511', fixture: 'WMO501',
    edits: [[FB2, '<ipgb:Begindatum>2026-01-01</ipgb:Begindatum>', '<ipgb:Begindatum>2017-12-31</ipgb:Begindatum>']],
    path: `${FB_PATH}[2]/FunctieBudgetPeriode/Begindatum`, klasse: `${FB_PATH}[2]`,
    control: { edits: [[FB2, '<ipgb:Begindatum>2026-01-01</ipgb:Begindatum>', '<ipgb:Begindatum>2018-01-01</ipgb:Begindatum>']] },
  },
  {
    name: 'a BudgetPeriode beginning before 2018', rule: 'TR511', fixture: 'WMO501',
    edits: [['<wmo501:BudgetPeriode>', '<ipgb:Begindatum>2026-01-01</ipgb:Begindatum>', '<ipgb:Begindatum>2017-01-01</ipgb:Begindatum>']],
    path: '/Bericht/Client/Budget/BudgetPeriode/Begindatum', klasse: '/Bericht/Client/Budget',
    control: { edits: [['<wmo501:BudgetPeriode>', '<ipgb:Begindatum>2026-01-01</ipgb:Begindatum>', '<ipgb:Begindatum>2018-01-01</ipgb:Begindatum>']] },
  },
  {
    name: 'a Relatie with neither Bsn, Naam, KvkNummer nor Organisatie', rule: 'TR515', fixture: 'WMO501',
    edits: [[REL2, '<wmo501:KvkNummer>99000017</wmo501:KvkNummer>', ''], [REL2, '<wmo501:Organisatie>Stichting Voorbeeldbeheer</wmo501:Organisatie>', '']],
    path: '/Bericht/Client/Relaties/Relatie[2]', klasse: '/Bericht/Client/Relaties/Relatie[2]',
    control: { edits: [[REL2, '<wmo501:KvkNummer>99000017</wmo501:KvkNummer>', '']] },
  },
  {
    name: 'a second Contact (under a Relatie)', rule: 'TR516', fixture: 'WMO501',
    edits: [[REL2, '<wmo501:Ingangsdatum>2026-02-01</wmo501:Ingangsdatum>', '<wmo501:Ingangsdatum>2026-02-01</wmo501:Ingangsdatum><wmo501:Contact><wmo501:Emailadres>beheer@example.org</wmo501:Emailadres></wmo501:Contact>']],
    path: '/Bericht/Client/Contact', klasse: '/Bericht/Client/Contact',
    // Exactly one Contact, under a Relatie.
    control: { fixture: 'JW501', edits: [] },
  },
];

function findings(name: FixtureName, list: readonly Edit[], ctx: IpgbRuleContext = CTX) {
  return runIpgbLevel2(model(edits(fixture(name), list)), ctx);
}

describe('iPgb level-2 rules', () => {
  it('every heen fixture passes level 2', () => {
    for (const name of ['WMO501', 'JW501', 'WMO507', 'JW507'] as const) expect(findings(name, []), name).toEqual([]);
  });

  it('retours are not judged at level 2', () => {
    for (const name of ['WMO502', 'JW502', 'WMO508', 'JW508'] as const) {
      expect(runIpgbLevel2(model(fixture(name)), { today: '2000-01-01', gemeentecodes: new Set() }), name).toEqual([]);
    }
  });

  it('has a test case for every level-2 rule', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(IPGB_LEVEL2_RULES.map((r) => r.id)));
  });

  describe.each(CASES)('$rule: $name', (c) => {
    const rule = IPGB_LEVEL2_RULES.find((r) => r.id === c.rule)!;

    it(`fails only ${c.rule}, on the element and class it names, with its PGB001 code`, () => {
      const found = findings(c.fixture, c.edits, c.ctx);
      const own = found.filter((f) => f.rule === c.rule);
      expect(own).toEqual([expect.objectContaining({ rule: c.rule, code: rule.retourCode, level: 2, path: c.path, klasse: c.klasse })]);
      expect(PGB001[own[0]!.code]).toBeDefined();
      expect(found.filter((f) => f.rule !== c.rule).map((f) => f.rule)).toEqual(c.also ?? []);
    });

    it('passes just inside the rule', () => {
      expect(findings(c.control.fixture ?? c.fixture, c.control.edits, c.control.ctx ?? c.ctx ?? CTX)).toEqual([]);
    });
  });

  it('CS300 is not checked without a list of gemeentecodes', () => {
    expect(runIpgbLevel2(model(fixture('WMO501')), { today: TODAY })).toEqual([]);
  });

  it('names no value from the message in a finding', () => {
    const found = findings('WMO501', [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>777000004</wmo501:Bsn>']]);
    expect(JSON.stringify(found)).not.toContain('777000004');
  });
});
