// IV087: the 325 on the corpus 323 samples (WMO and JW), fully approved, refused and partly approved,
// each checked against the 325 XSD and read back independently.
import { describe, expect, it } from 'vitest';
import { parseIwmoIjw, type DeclaratieAntwoordBericht, type DeclaratieBericht, type Prestatie } from '../../../adapters/iwmo-ijw/model/index.ts';
import { buildDeclaratieAntwoord, buildRetour, type RetourFinding } from '../../../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { corpusSample } from './support/heen-samples.ts';
import { retourCodesByPath, textAt } from './support/retour-codes.ts';
import { xsdErrors } from './support/schemas.ts';

const IDENT = 'DA0000000001';
const DAG = '2023-05-08';
const CLIENT = '/Bericht/Declaratie/Clienten/Client';
const ANTWOORD = '/Bericht/DeclaratieAntwoord';

const signed = (p: Prestatie) => (p.ingediendBedrag.debetCredit === 'C' ? -1 : 1) * p.ingediendBedrag.bedrag;

describe.each([['WMO323', 'WMO325'], ['JW323', 'JW325']])('%s → %s', (type, antwoordType) => {
  const xml = corpusSample(type);
  const heen = parseIwmoIjw(xml, type) as DeclaratieBericht;
  // Answered on the day the 323 is dated (TR134/TR137 hold the 325's own dates to its Dagtekening).
  const dag = heen.header.berichtIdentificatie.dagtekening;
  const build = (findings: RetourFinding[] = []) => buildRetour({ heen: xml, message: heen, findings, identificatie: IDENT, dagtekening: dag });
  const read = (out: string) => parseIwmoIjw(out, antwoordType) as DeclaratieAntwoordBericht;

  it('fully approved: Header 0200, DeclaratieAntwoord 8001, TotaalToegekendBedrag = TotaalIngediendBedrag', () => {
    const r = build();
    expect(r).toMatchObject({ type: antwoordType, uitkomst: 'goedgekeurd' });
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0200'], [ANTWOORD]: ['8001'] });
    const a = read(r.xml);
    const { path: _p, ...ingediend } = heen.declaratie.totaalIngediendBedrag;
    expect(a.declaratieAntwoord?.totaalToegekendBedrag).toMatchObject(ingediend);
    expect(a.declaratieAntwoord?.totaalIngediendBedrag).toMatchObject(ingediend);
    expect(a.declaratieAntwoord?.declaratieNummer).toBe(heen.declaratie.declaratieNummer);
    expect(a.declaratieAntwoord?.clienten).toEqual([]);
  });

  it('the header is the gemeente\'s own and refers to the 323', () => {
    const h = read(build().xml).header;
    expect(h.afzender).toBe(heen.header.ontvanger);
    expect(h.ontvanger).toBe(heen.header.afzender);
    expect(h.berichtIdentificatie).toMatchObject({ identificatie: IDENT, dagtekening: dag });
    const { path: _a, ...declId } = heen.header.berichtIdentificatie;
    expect(h.declaratieIdentificatie).toMatchObject(declId);
    const { path: _b, ...declXsd } = heen.header.xsdVersie;
    expect(h.xsdVersieDeclaratie).toMatchObject(declXsd);
  });

  it('a level-2 failure: the Header only, with 0001', () => {
    const r = build([{ rule: 'TR358', code: '0001', path: '/Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag' }]);
    expect(r.uitkomst).toBe('technisch-afgekeurd');
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0001'] });
    expect(read(r.xml).declaratieAntwoord).toBeUndefined();
  });

  it('a level-3 finding in the Header: the Header only, with that code', () => {
    const r = build([{ rule: 'TR056', code: '9056', path: '/Bericht/Header/BerichtIdentificatie/Identificatie' }]);
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['9056'] });
  });

  it('an error on the Declaratie: its code on the DeclaratieAntwoord, nothing granted, no clients', () => {
    const r = build([{ rule: 'TR333', code: '9333', path: '/Bericht/Declaratie/DeclaratieNummer' }]);
    expect(r.uitkomst).toBe('afgekeurd');
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({ '/Bericht/Header': ['0200'], [ANTWOORD]: ['9333'] });
    expect(read(r.xml).declaratieAntwoord?.totaalToegekendBedrag).toMatchObject({ totaalBedrag: 0, debetCredit: 'D' });
  });

  it('partial approval: only the refused prestaties come back, the rest is granted', () => {
    const findings = [
      { rule: 'TR340', code: '9340', path: `${CLIENT}[1]/Prestaties/Prestatie[2]/ProductCode` },
      { rule: 'TR339', code: '9339', path: `${CLIENT}[1]/Prestaties/Prestatie[2]/ProductCategorie` },
      { rule: 'TR307', code: '9307', path: `${CLIENT}[2]/Prestaties/Prestatie[1]` },
    ];
    const r = build(findings);
    expect(r.uitkomst).toBe('deels-toegekend');
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(retourCodesByPath(r.xml)).toEqual({
      '/Bericht/Header': ['0200'],
      [ANTWOORD]: ['0200'],
      [`${ANTWOORD}/Clienten/Client[1]`]: ['0200'],
      [`${ANTWOORD}/Clienten/Client[1]/Prestaties/Prestatie`]: ['9340', '9339'],
      [`${ANTWOORD}/Clienten/Client[2]`]: ['0200'],
      [`${ANTWOORD}/Clienten/Client[2]/Prestaties/Prestatie`]: ['9307'],
    });
    const [c1, c2] = heen.declaratie.clienten;
    const refused = [c1?.prestaties[1], c2?.prestaties[0]] as Prestatie[];
    const all = heen.declaratie.clienten.flatMap((c) => c.prestaties);
    const granted = all.filter((p) => !refused.includes(p)).reduce((s, p) => s + signed(p), 0);
    const a = read(r.xml).declaratieAntwoord;
    expect(a?.totaalToegekendBedrag).toMatchObject({ totaalBedrag: granted, debetCredit: 'D' });
    // TR342: ingediend − toegekend is exactly what the returned prestaties claimed.
    const returned = a?.clienten.flatMap((c) => c.prestaties) ?? [];
    expect((a?.totaalIngediendBedrag.totaalBedrag ?? 0) - granted).toBe(returned.reduce((s, p) => s + signed(p), 0));
    // The returned prestaties are the 323's, unchanged.
    expect(returned.map((p) => p.productReferentie.referentieNummer)).toEqual(refused.map((p) => p.productReferentie.referentieNummer));
    expect(a?.clienten.map((c) => c.bsn)).toEqual([c1?.bsn, c2?.bsn]);
    // The 325 passes the level-2 rules that apply to it.
    expect(runLevel2(read(r.xml))).toEqual([]);
    expect(textAt(r.xml, '/Bericht/Header/BerichtCode')).toBe(antwoordType === 'WMO325' ? '485' : '491');
  });

  it('an error on a Client: its code there, all its prestaties 0233 (not assessed) unless they have their own', () => {
    const r = build([
      { rule: 'TR304', code: '8187', path: `${CLIENT}[2]/Bsn` },
      { rule: 'TR307', code: '9307', path: `${CLIENT}[2]/Prestaties/Prestatie[1]` },
    ]);
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    const codes = retourCodesByPath(r.xml);
    const n = heen.declaratie.clienten[1]?.prestaties.length ?? 0;
    const expected: Record<string, string[]> = { '/Bericht/Header': ['0200'], [ANTWOORD]: ['0200'], [`${ANTWOORD}/Clienten/Client`]: ['8187'] };
    for (let i = 1; i <= n; i++) expected[`${ANTWOORD}/Clienten/Client/Prestaties/Prestatie[${i}]`] = i === 1 ? ['9307'] : ['0233'];
    expect(codes).toEqual(expected);
    const granted = (heen.declaratie.clienten[0]?.prestaties ?? []).reduce((s, p) => s + signed(p), 0);
    expect(read(r.xml).declaratieAntwoord?.totaalToegekendBedrag.totaalBedrag).toBe(granted);
  });

  it('every prestatie refused: nothing granted, the outcome is afgekeurd', () => {
    const findings = heen.declaratie.clienten.map((c) => ({ rule: 'TR304', code: '8187', path: `${c.path}/Bsn` }));
    const r = build(findings);
    expect(r.uitkomst).toBe('afgekeurd');
    expect(xsdErrors(antwoordType, r.xml)).toEqual([]);
    expect(read(r.xml).declaratieAntwoord?.totaalToegekendBedrag).toMatchObject({ totaalBedrag: 0, debetCredit: 'D' });
  });
});

describe('credit prestaties', () => {
  it('a refused credit raises the granted total; a granted total below zero is credit', () => {
    // One client, two prestaties: a debet of 5000 and a credit of 24000 (credit needs VorigReferentieNummer, CD060).
    const xml = corpusSample('WMO323')
      .replace(/<wmo323:Client>\s*<wmo323:Bsn>999900018[\s\S]*?<\/wmo323:Client>/, '')
      .replace('<iwmo:ReferentieNummer>RN002</iwmo:ReferentieNummer>', '<iwmo:ReferentieNummer>RN002</iwmo:ReferentieNummer><iwmo:VorigReferentieNummer>RN000</iwmo:VorigReferentieNummer>')
      .replace(/(<iwmo:Bedrag>24000<\/iwmo:Bedrag>\s*<iwmo:DebetCredit>)D/, '$1C')
      .replace(/(<wmo323:TotaalIngediendBedrag>\s*<iwmo:TotaalBedrag>)58000(<\/iwmo:TotaalBedrag>\s*<iwmo:DebetCredit>)D/, '$119000$2C');
    expect(xsdErrors('WMO323', xml)).toEqual([]);
    const message = parseIwmoIjw(xml, 'WMO323');
    expect(runLevel2(message)).toEqual([]);
    const refuseDebet = buildDeclaratieAntwoord({
      heen: xml, message, identificatie: IDENT, dagtekening: DAG,
      findings: [{ rule: 'TR307', code: '9307', path: '/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[1]' }],
    });
    expect(xsdErrors('WMO325', refuseDebet.xml)).toEqual([]);
    expect((parseIwmoIjw(refuseDebet.xml, 'WMO325') as DeclaratieAntwoordBericht).declaratieAntwoord?.totaalToegekendBedrag)
      .toMatchObject({ totaalBedrag: 24000, debetCredit: 'C' });
    const refuseCredit = buildDeclaratieAntwoord({
      heen: xml, message, identificatie: IDENT, dagtekening: DAG,
      findings: [{ rule: 'TR323', code: '8017', path: '/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[2]' }],
    });
    const a = (parseIwmoIjw(refuseCredit.xml, 'WMO325') as DeclaratieAntwoordBericht);
    expect(a.declaratieAntwoord?.totaalToegekendBedrag).toMatchObject({ totaalBedrag: 5000, debetCredit: 'D' });
    expect(runLevel2(a)).toEqual([]);
  });
});
