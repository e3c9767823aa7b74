import { afterAll, describe, expect, it } from 'vitest';
import {
  buildIpgbRetour, buildIpgbTechnischeRetour, IpgbRetourError, runIpgbLevel2, type IpgbFinding, type IpgbMessage,
} from '../../../adapters/ipgb/index.ts';
import { adapter, disposeAdapter, edits, fixture, model } from './support.ts';

afterAll(() => disposeAdapter());

const NOW = new Date('2026-12-01T23:30:00Z'); // already 2 December in the Netherlands

function l3(rule: string, code: string, klasse: string, element = ''): IpgbFinding {
  return { rule, code, level: 3, path: element ? `${klasse}/${element}` : klasse, klasse, message: rule };
}

/** Every RetourCodes element of the retour, by the local name of the element that holds it, in document order. */
function codesByHolder(xml: string): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  const lines = xml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes(':RetourCodes>') || lines[i]!.includes('</')) continue;
    const codes: string[] = [];
    let j = i + 1;
    for (; !lines[j]!.includes('</') || lines[j]!.includes(':RetourCode>'); j++) codes.push(/>([^<]+)</.exec(lines[j]!)![1]!);
    // The holder is the element whose end tag follows the RetourCodes block.
    const holder = /<\/\w+:(\w+)>/.exec(lines[j + 1]!)![1]!;
    out.push([holder, codes]);
    i = j;
  }
  return out;
}

function retour(name: 'WMO501' | 'JW501' | 'WMO507' | 'JW507', findings: IpgbFinding[] = [], heen = fixture(name)) {
  const m: IpgbMessage = model(heen);
  const r = buildIpgbRetour({ heen, model: m, findings, identificatie: 'RET-000001', now: NOW });
  const parsed = adapter().process(Buffer.from(r.xml)); // validates against the retour's XSD
  return { r, parsed };
}

describe('iPgb retours (IV028)', () => {
  describe.each(['WMO501', 'JW501', 'WMO507', 'JW507'] as const)('on %s', (name) => {
    const retourType = name.replace('501', '502').replace('507', '508');

    it('approves a clean message with the header only and no codes', () => {
      const { r, parsed } = retour(name);
      expect(r).toMatchObject({ type: retourType, uitkomst: 'goedgekeurd', retourCodes: [] });
      expect(parsed.type).toBe(retourType);
      expect(parsed.ipgb.client).toBeUndefined();
      expect(parsed.ipgb.header).toMatchObject({ identificatieRetour: 'RET-000001', dagtekeningRetour: '2026-12-02' });
      expect((parsed.ipgb.header as { retourCodes?: string[] }).retourCodes).toBeUndefined();
      // IV028: the heen header is copied unchanged.
      const heen = model(fixture(name));
      expect(parsed.ipgb.header.berichtIdentificatie).toEqual(heen.header.berichtIdentificatie);
      expect(parsed.correlationId).toBe(heen.header.berichtIdentificatie.identificatie);
      expect(r.xml).not.toContain('XsltVersie');
    });

    it('answers a level-2 failure with the header only and 0001', () => {
      const finding: IpgbFinding = { rule: 'CS002', code: 'S002', level: 2, path: '/Bericht/Client/Bsn', klasse: '/Bericht/Client', message: 'CS002' };
      const { r, parsed } = retour(name, [finding]);
      expect(r).toMatchObject({ uitkomst: 'technisch-afgekeurd', retourCodes: ['0001'] });
      expect(parsed.ipgb.client).toBeUndefined();
      expect(codesByHolder(r.xml)).toEqual([['Header', ['0001']]]);
    });
  });

  it('puts a level-3 code on its class and 0200 on every other class of a TKB', () => {
    const budget = '/Bericht/Client/Budget';
    const { r, parsed } = retour('WMO501', [l3('TR574', '9574', budget, 'BudgetIdentificatie'), l3('TR502', '9502', `${budget}/FunctieBudgetten/FunctieBudget[2]`, 'Zorgfunctie')]);
    expect(r.uitkomst).toBe('afgekeurd');
    expect(r.retourCodes.sort()).toEqual(['0200', '9502', '9574']);
    expect(codesByHolder(r.xml)).toEqual([
      ['Header', ['0200']],
      ['FunctieBudget', ['0200']],
      ['FunctieBudget', ['9502']],
      ['Budget', ['9574']],
      ['Relatie', ['0200']],
      ['Relatie', ['0200']],
      ['Contact', ['0200']],
      ['Client', ['0200']],
    ]);
    if (parsed.ipgb.nummer !== '502') throw new Error('not a 502');
    expect(parsed.ipgb.client!.budget.retourCodes).toEqual(['9574']);
    // Every other element is copied unchanged.
    const heen = model(fixture('WMO501'));
    if (heen.nummer !== '501') throw new Error('not a 501');
    expect(parsed.ipgb.client!.bsn).toBe(heen.client.bsn);
    expect(parsed.ipgb.client!.contact!.adres).toEqual(heen.client.contact!.adres);
  });

  it('puts a header finding (TR056) on the header and 0200 on every class', () => {
    const { r } = retour('JW501', [l3('TR056', '9056', '/Bericht/Header', 'BerichtIdentificatie/Identificatie')]);
    expect(codesByHolder(r.xml)).toEqual([
      ['Header', ['9056']], ['FunctieBudget', ['0200']], ['FunctieBudget', ['0200']], ['Budget', ['0200']], ['Contact', ['0200']], ['Relatie', ['0200']], ['Client', ['0200']],
    ]);
  });

  it('puts a level-3 code of a BAB on its FunctieBudgetBesteed, not on the amount of the same name', () => {
    const fbb = '/Bericht/Client/FunctieBudgettenBesteed/FunctieBudgetBesteed';
    const { r, parsed } = retour('WMO507', [l3('TR512', '9512', `${fbb}[2]`, 'RedenBudgetafsluiting'), l3('TR509', '9509', '/Bericht/Client', 'Bsn')]);
    expect(codesByHolder(r.xml)).toEqual([['Header', ['0200']], ['FunctieBudgetBesteed', ['0200']], ['FunctieBudgetBesteed', ['9512']], ['Client', ['9509']]]);
    if (parsed.ipgb.nummer !== '508') throw new Error('not a 508');
    expect(parsed.ipgb.client!.functieBudgettenBesteed.map((f) => [f.functieBudgetBesteed, f.retourCodes])).toEqual([[290000, ['0200']], [1300000, ['9512']]]);
  });

  it('a level-2 failure found by the rules makes the header-only 0001 retour, even beside level-3 findings', () => {
    const heen = edits(fixture('WMO501'), [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>777000004</wmo501:Bsn>']]);
    const level2 = runIpgbLevel2(model(heen), { today: '2026-12-01' });
    expect(level2.map((f) => f.rule)).toEqual(['CS002']);
    const { r } = retour('WMO501', [...level2, l3('TR574', '9574', '/Bericht/Client/Budget')], heen);
    expect(codesByHolder(r.xml)).toEqual([['Header', ['0001']]]);
  });

  it('copies escaped text and keeps it valid', () => {
    const heen = edits(fixture('WMO501'), [['', 'Stichting Voorbeeldbeheer', 'Zorg &amp; Co &lt;B&gt;']]);
    const { r, parsed } = retour('WMO501', [l3('TR574', '9574', '/Bericht/Client/Budget')], heen);
    expect(r.xml).toContain('Zorg &amp; Co &lt;B&gt;');
    if (parsed.ipgb.nummer !== '502') throw new Error('not a 502');
    expect(parsed.ipgb.client!.relaties[1]!.organisatie).toBe('Zorg & Co <B>');
  });

  it('fills XsltVersie only when given', () => {
    const heen = fixture('WMO501');
    const r = buildIpgbRetour({ heen, model: model(heen), identificatie: 'R1', now: NOW, xsltVersie: '1.2.3' });
    expect(r.xml).toContain('<wmo502:XsltVersie>1.2.3</wmo502:XsltVersie>');
    expect(adapter().process(Buffer.from(r.xml)).type).toBe('WMO502');
  });

  it('refuses what would not make a valid retour', () => {
    const heen = fixture('WMO501');
    const m = model(heen);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        if (err instanceof IpgbRetourError) return err.code;
        throw err;
      }
      return 'none';
    };
    expect(code(() => buildIpgbRetour({ heen, model: m, identificatie: 'THIRTEEN-CHAR' }))).toBe('RETOUR_INVALID_INPUT');
    expect(code(() => buildIpgbRetour({ heen, model: m, identificatie: 'R1', findings: [l3('TR999', '9999', '/Bericht/Client')] }))).toBe('RETOUR_UNKNOWN_RETOURCODE');
    expect(code(() => buildIpgbRetour({ heen, model: m, identificatie: 'R1', findings: [l3('TR574', '9574', '/Bericht/Client/Budget/FunctieBudgetten')] }))).toBe('RETOUR_INVALID_INPUT');
    expect(code(() => buildIpgbRetour({ heen: fixture('JW501'), model: m, identificatie: 'R1' }))).toBe('RETOUR_XML_MISMATCH');
    const r502 = fixture('WMO502');
    expect(code(() => buildIpgbRetour({ heen: r502, model: model(r502), identificatie: 'R1' }))).toBe('RETOUR_NO_RETOUR_FOR_TYPE');
  });

  describe('on a message that fails its XSD (IV028 situation 3)', () => {
    const technisch = (heen: string) => buildIpgbTechnischeRetour({ heen, identificatie: 'RET-X', now: NOW, adapter: adapter() });

    it('answers a TKB with an invalid client with the header-only 0001 retour, valid against its XSD', () => {
      const heen = edits(fixture('WMO501'), [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>77700000X</wmo501:Bsn>']]);
      expect(() => adapter().process(Buffer.from(heen))).toThrow();
      const r = technisch(heen)!;
      expect(r).toMatchObject({ type: 'WMO502', uitkomst: 'technisch-afgekeurd', retourCodes: ['0001'] });
      expect(codesByHolder(r.xml)).toEqual([['Header', ['0001']]]);
      expect(adapter().process(Buffer.from(r.xml)).ipgb.header).toMatchObject({ afzender: '0384', identificatieRetour: 'RET-X' });
    });

    it('answers a BAB with an unknown RedenBudgetafsluiting with a JW508 carrying 0001', () => {
      const heen = edits(fixture('JW507'), [['', '<jw507:RedenBudgetafsluiting>2</jw507:RedenBudgetafsluiting>', '<jw507:RedenBudgetafsluiting>4</jw507:RedenBudgetafsluiting>']]);
      expect(technisch(heen)).toMatchObject({ type: 'JW508', retourCodes: ['0001'] });
    });

    it('makes no retour when the header itself is invalid, the XML is malformed, or the message is a retour', () => {
      expect(technisch(edits(fixture('WMO501'), [['', '<wmo501:Afzender>0384</wmo501:Afzender>', '<wmo501:Afzender>ABCD</wmo501:Afzender>']]))).toBeUndefined();
      expect(technisch(fixture('WMO501').replace('</wmo501:Bericht>', ''))).toBeUndefined();
      expect(technisch(fixture('WMO502'))).toBeUndefined();
    });
  });
});
