// How an answer is classified (gevonden, niets-gevonden, niet-gerechtigd, fwi), what throws, and what the
// lenient reading reports. The corpus has one FWI answer (Bijstandsregelingen, FWI0001); NietsGevonden,
// NietGerechtigd, Waarschuwing/Informatie and the SOAP Fault are constructed here from FWI.xsd, the
// BodyReaction XSDs and the WSDLs (fault part element="fwi:Fout"), and said so per test.
import { XmlDocument, XmlValidateError } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import {
  DIENSTEN, FWI_NAMESPACE, parseResponseBody, suwimlSchemas, SuwimlResponseError, type DienstAntwoord, type Dienst,
} from '../../../adapters/suwiml/index.ts';
import { check, response } from './support.ts';

const ALL = Object.keys(DIENSTEN) as Dienst[];
const schemas = suwimlSchemas(); // the codec's own compiled set

function xsdErrors(dienst: Dienst, xml: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    schemas.response(dienst).validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => d.message);
    throw e;
  } finally {
    doc.dispose();
  }
}

const answerOf = (dienst: Dienst, inner: string) =>
  `<smls:${DIENSTEN[dienst].responseElement} xmlns:smls="${DIENSTEN[dienst].namespace}" xmlns:fwi="${FWI_NAMESPACE}">${inner}</smls:${DIENSTEN[dienst].responseElement}>`;

const melding = (code: string, tekst: string, dn: string, details: string[] = []) =>
  `<Code>${code}</Code><Tekst>${tekst}</Tekst>${details.map((d) => `<Detail>${d}</Detail>`).join('')}<Bron><DN>${dn}</DN></Bron>`;

function thrown(fn: () => unknown): SuwimlResponseError {
  try { fn(); } catch (e) { if (e instanceof SuwimlResponseError) return e; throw e; }
  throw new Error('expected a SuwimlResponseError');
}

const fictief = '123456782'; // a made-up BSN that passes the 11-proef, not from the corpus

describe('SuwiML answers: classification', () => {
  it('NietsGevonden (constructed from the BodyReaction choice; valid against each XSD) is niets-gevonden for every dienst', () => {
    for (const dienst of ALL) {
      const xml = answerOf(dienst, '<fwi:NietsGevonden/>');
      expect(xsdErrors(dienst, xml)).toEqual([]);
      expect(parseResponseBody(dienst, xml)).toEqual({ kind: 'niets-gevonden', dienst, reden: 'NietsGevonden' });
    }
  });

  it('NietsGevonden as the Body child itself is niets-gevonden too; NietVanToepassing is niets-gevonden with its reason', () => {
    expect(parseResponseBody('SVBDossierPersoonGSD', `<fwi:NietsGevonden xmlns:fwi="${FWI_NAMESPACE}"/>`).kind).toBe('niets-gevonden');
    expect(parseResponseBody('SVBDossierPersoonGSD', answerOf('SVBDossierPersoonGSD', '<fwi:NietVanToepassing/>')))
      .toEqual({ kind: 'niets-gevonden', dienst: 'SVBDossierPersoonGSD', reden: 'NietVanToepassing' });
  });

  it('NietGerechtigd (constructed: a global FWI.xsd element no answer choice uses) is niet-gerechtigd, inside the answer or as the Body child', () => {
    for (const dienst of ALL) {
      expect(parseResponseBody(dienst, answerOf(dienst, '<fwi:NietGerechtigd/>'))).toEqual({ kind: 'niet-gerechtigd', dienst });
      expect(parseResponseBody(dienst, `<fwi:NietGerechtigd xmlns:fwi="${FWI_NAMESPACE}"/>`)).toEqual({ kind: 'niet-gerechtigd', dienst });
    }
  });

  it('the corpus FWI answer (Bijstandsregelingen, FWI0001) is fwi with one Fout, its code, source and text', () => {
    const xml = response('Bijstandsregelingen_BijstandsregelingenInfo_999999990.xml');
    const answer = parseResponseBody('Bijstandsregelingen', xml);
    expect(answer).toEqual({
      kind: 'fwi', dienst: 'Bijstandsregelingen', waarschuwingen: [], informatie: [],
      fouten: [{ code: 'FWI0001', bron: 'Bijstandsregelingen', omschrijving: 'Er is een technische fout opgetreden bij het verwerken van de aanvraag.' }],
    });
  });

  it('an FWI with Fout, Waarschuwing and Informatie (constructed, valid against FWI.xsd) sorts each melding, details kept', () => {
    const xml = answerOf('UWVDossierInkomstenGSD', `<fwi:FWI>
      <Waarschuwing>${melding('W1', 'waarschuwing', 'cn=uwv')}</Waarschuwing>
      <Fout>${melding('FWI0002', 'fout', 'cn=broker', ['detail een', 'detail twee'])}</Fout>
      <Informatie>${melding('I1', 'info', 'cn=uwv')}</Informatie>
      <Fout>${melding('FWI0003', 'nog een fout', 'cn=uwv')}</Fout></fwi:FWI>`);
    expect(xsdErrors('UWVDossierInkomstenGSD', xml)).toEqual([]);
    const answer = parseResponseBody('UWVDossierInkomstenGSD', xml) as Extract<DienstAntwoord, { kind: 'fwi' }>;
    expect(answer.kind).toBe('fwi');
    expect(answer.fouten).toEqual([
      { code: 'FWI0002', bron: 'cn=broker', omschrijving: 'fout', details: ['detail een', 'detail twee'] },
      { code: 'FWI0003', bron: 'cn=uwv', omschrijving: 'nog een fout' },
    ]);
    expect(answer.waarschuwingen).toEqual([{ code: 'W1', bron: 'cn=uwv', omschrijving: 'waarschuwing' }]);
    expect(answer.informatie).toEqual([{ code: 'I1', bron: 'cn=uwv', omschrijving: 'info' }]);
  });

  it('ClientSuwi with an FWI Waarschuwing beside it (constructed, valid) is gevonden, the melding kept in meldingen', () => {
    const xml = answerOf('SVBDossierPersoonGSD', `<ClientSuwi><Burgerservicenr>${fictief}</Burgerservicenr></ClientSuwi><fwi:FWI><Waarschuwing>${melding('W9', 'onvolledig', 'cn=svb')}</Waarschuwing></fwi:FWI>`);
    expect(xsdErrors('SVBDossierPersoonGSD', xml)).toEqual([]);
    const answer = parseResponseBody('SVBDossierPersoonGSD', xml);
    expect(answer).toEqual({
      kind: 'gevonden', dienst: 'SVBDossierPersoonGSD', warnings: [],
      data: { clientSuwi: { burgerservicenr: fictief, kind: [], aanvraagUitkering: [], uitkeringsverhouding: [] } },
      meldingen: { fouten: [], waarschuwingen: [{ code: 'W9', bron: 'cn=svb', omschrijving: 'onvolledig' }], informatie: [] },
    });
  });

  it('a SOAP 1.1 (or 1.2) Fault whose detail holds fwi:Fout (the WSDL fault message, constructed) is fwi', () => {
    const fault = `<soapenv:Fault xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>soapenv:Server</faultcode><faultstring>fout</faultstring>
      <detail><fwi:Fout xmlns:fwi="${FWI_NAMESPACE}">${melding('FWI0001', 'technische fout', 'BRPDossierPersoonGSD')}</fwi:Fout></detail></soapenv:Fault>`;
    expect(parseResponseBody('BRPDossierPersoonGSD', fault)).toEqual({
      kind: 'fwi', dienst: 'BRPDossierPersoonGSD', waarschuwingen: [], informatie: [],
      fouten: [{ code: 'FWI0001', bron: 'BRPDossierPersoonGSD', omschrijving: 'technische fout' }],
    });
    const fault12 = `<env:Fault xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="nl">fout</env:Text></env:Reason>
      <env:Detail><fwi:Fout xmlns:fwi="${FWI_NAMESPACE}">${melding('FWI0001', 'technische fout', 'BRPDossierPersoonGSD')}</fwi:Fout></env:Detail></env:Fault>`;
    expect(parseResponseBody('BRPDossierPersoonGSD', fault12)).toMatchObject({ kind: 'fwi', fouten: [{ code: 'FWI0001' }] });
    const bare = '<soapenv:Fault xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>soapenv:Client</faultcode><faultstring>x</faultstring></soapenv:Fault>';
    expect(thrown(() => parseResponseBody('BRPDossierPersoonGSD', bare)).code).toBe('soap-fault');
  });

  it('another dienst\'s answer, an empty answer, malformed XML and a DOCTYPE throw typed errors; an entity is never expanded', () => {
    const svb = response('SVBDossierPersoonGSD_SVBPersoonsInfo_444444440.xml');
    expect(thrown(() => parseResponseBody('BRPDossierPersoonGSD', svb)).code).toBe('antwoord-onbekend');
    expect(thrown(() => parseResponseBody('SVBDossierPersoonGSD', answerOf('SVBDossierPersoonGSD', ''))).code).toBe('antwoord-onbekend');
    expect(thrown(() => parseResponseBody('SVBDossierPersoonGSD', '<a><b></a>')).code).toBe('xml-malformed');
    expect(thrown(() => parseResponseBody('toString' as Dienst, answerOf('SVBDossierPersoonGSD', '<fwi:NietsGevonden/>'))).code).toBe('antwoord-onbekend');
    const doctype = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${answerOf('SVBDossierPersoonGSD', '<ClientSuwi><Burgerservicenr>&e;</Burgerservicenr></ClientSuwi>')}`;
    expect(thrown(() => parseResponseBody('SVBDossierPersoonGSD', doctype)).code).toBe('doctype-forbidden');
    expect(thrown(() => parseResponseBody('SVBDossierPersoonGSD', `<?xml version="1.0"?>\n<!-- c -->\n${doctype}`)).code).toBe('doctype-forbidden');
  });
});

describe('SuwiML answers: the XML text handed in', () => {
  const ns = DIENSTEN.SVBDossierPersoonGSD.namespace;

  it('may start with an XML declaration, and may use a default namespace with unqualified children (xmlns="")', () => {
    expect(parseResponseBody('SVBDossierPersoonGSD', `<?xml version="1.0" encoding="UTF-8"?>\n${answerOf('SVBDossierPersoonGSD', '<fwi:NietsGevonden/>')}`).kind).toBe('niets-gevonden');
    const answer = parseResponseBody('SVBDossierPersoonGSD', `<SVBPersoonsInfoResponse xmlns="${ns}"><ClientSuwi xmlns=""><Burgerservicenr>${fictief}</Burgerservicenr></ClientSuwi></SVBPersoonsInfoResponse>`);
    expect(answer).toMatchObject({ kind: 'gevonden', warnings: [], data: { clientSuwi: { burgerservicenr: fictief } } });
  });

  it('must carry the namespace declarations it uses: a prefix declared only on the envelope is xml-malformed', () => {
    expect(thrown(() => parseResponseBody('SVBDossierPersoonGSD', `<s:SVBPersoonsInfoResponse xmlns:s="${ns}"><fwi:NietsGevonden/></s:SVBPersoonsInfoResponse>`)).code).toBe('xml-malformed');
  });
});

describe('SuwiML answers: lenient reading', () => {
  it('the corpus SVB answers (Geslacht out of XSD order) are gevonden with an xsd warning naming the path, not the value', () => {
    for (const file of ['SVBDossierPersoonGSD_SVBPersoonsInfo_111111110.xml', 'SVBDossierPersoonGSD_SVBPersoonsInfo_444444440.xml']) {
      const answer = parseResponseBody('SVBDossierPersoonGSD', response(file));
      check(answer.kind === 'gevonden', 'SVB answer is gevonden');
      if (answer.kind !== 'gevonden') return;
      expect(answer.warnings).toHaveLength(1);
      expect(answer.warnings[0]).toMatchObject({ code: 'xsd', path: '/SVBPersoonsInfoResponse/ClientSuwi/Geslacht' });
      expect(answer.warnings[0]!.message).toContain('not expected');
    }
  });

  it('the corpus Bijstand answer: one xsd warning per finding with its path, values withheld (no code, initial or BSN in a message)', () => {
    const xml = response('Bijstandsregelingen_BijstandsregelingenInfo_111111110.xml');
    const answer = parseResponseBody('Bijstandsregelingen', xml);
    if (answer.kind !== 'gevonden') throw new Error('expected gevonden');
    const xsd = answer.warnings.filter((w) => w.code === 'xsd');
    expect(xsd.length).toBe(29);
    expect(xsd.every((w) => typeof w.path === 'string' && w.path.startsWith('/BijstandsregelingenInfoResponse/ClientSuwi'))).toBe(true);
    expect(xsd.map((w) => w.path)).toContain('/BijstandsregelingenInfoResponse/ClientSuwi/SpecifiekeGegevensBijzBijstand[2]/Bron/CdVestigingSuwi');
    expect(xsd.map((w) => w.path)).toContain('/BijstandsregelingenInfoResponse/ClientSuwi/Vordering[1]/BedrAanvangVordering');
    const values = [...xml.matchAll(/>([^<>\s][^<>]*)</g)].map((m) => m[1]!.trim()).filter((v) => v.length >= 2);
    const leaked = answer.warnings.filter((w) => values.some((v) => w.message.includes(`'${v}'`) || w.message.includes(` ${v} `)));
    expect(leaked.length).toBe(0);
  });

  it('dates with unknown parts keep them explicit; an impossible date or a non-integer amount is left out with a warning at its path', () => {
    const xml = answerOf('SVBDossierPersoonGSD', `<ClientSuwi><Burgerservicenr>${fictief}</Burgerservicenr><Geboortedat>19700000</Geboortedat>
      <Kind><Geboortedat>00000000</Geboortedat></Kind><Kind><Geboortedat>19800300</Geboortedat></Kind><Kind><Geboortedat>20230230</Geboortedat></Kind>
      <Uitkeringsverhouding><DatBUitkeringsverhouding>20200101</DatBUitkeringsverhouding><SzWet><CdSzWet>AOW</CdSzWet></SzWet>
        <Uitkeringsperiode><DatBUitkeringsperiode>20200101</DatBUitkeringsperiode><BrutoUitkeringsbedr><WaardeBedr>12.50</WaardeBedr></BrutoUitkeringsbedr></Uitkeringsperiode>
      </Uitkeringsverhouding></ClientSuwi>`);
    const answer = parseResponseBody('SVBDossierPersoonGSD', xml);
    if (answer.kind !== 'gevonden') throw new Error('expected gevonden');
    const c = (answer.data as any).clientSuwi;
    expect(c.geboortedat).toEqual({ datum: '1970-00-00', volledig: false });
    expect(c.kind.map((k: any) => k.geboortedat)).toEqual([{ datum: '0000-00-00', volledig: false }, { datum: '1980-03-00', volledig: false }, undefined]);
    expect(c.uitkeringsverhouding[0].uitkeringsperiode[0].brutoUitkeringsbedr[0]).toEqual({});
    const mapped = answer.warnings.filter((w) => w.code === 'waarde-onleesbaar').map((w) => w.path);
    expect(mapped).toEqual([
      '/SVBPersoonsInfoResponse/ClientSuwi/Kind[3]/Geboortedat',
      '/SVBPersoonsInfoResponse/ClientSuwi/Uitkeringsverhouding/Uitkeringsperiode/BrutoUitkeringsbedr/WaardeBedr',
    ]);
    // 20230230 passes the Datum pattern, so only the amount is an XSD finding.
    expect(answer.warnings.filter((w) => w.code === 'xsd').map((w) => w.path)).toEqual(['/SVBPersoonsInfoResponse/ClientSuwi/Uitkeringsverhouding/Uitkeringsperiode/BrutoUitkeringsbedr/WaardeBedr']);
  });

  it('an element the model does not know, one that repeats where it may not, and stray text are reported and left out', () => {
    const xml = answerOf('SVBDossierPersoonGSD', `<ClientSuwi>tekst<Burgerservicenr>${fictief}</Burgerservicenr><Geslacht>1</Geslacht><Geslacht>2</Geslacht><Onbekend>x</Onbekend></ClientSuwi>`);
    const answer = parseResponseBody('SVBDossierPersoonGSD', xml);
    if (answer.kind !== 'gevonden') throw new Error('expected gevonden');
    expect((answer.data as any).clientSuwi.geslacht).toBe('1');
    expect('onbekend' in (answer.data as any).clientSuwi).toBe(false);
    expect(answer.warnings.filter((w) => w.code !== 'xsd').map((w) => [w.code, w.path])).toEqual([
      ['tekst-genegeerd', '/SVBPersoonsInfoResponse/ClientSuwi'],
      ['element-herhaald', '/SVBPersoonsInfoResponse/ClientSuwi/Geslacht[2]'],
      ['element-onbekend', '/SVBPersoonsInfoResponse/ClientSuwi/Onbekend'],
    ]);
    expect(answer.warnings.some((w) => w.code === 'xsd')).toBe(true);
  });
});

describe('SuwiML leaf values', () => {
  it('readDatum: full, partial and impossible dates; readEurocent: whole non-negative eurocent only', async () => {
    const { readDatum, readEurocent } = await import('../../../adapters/suwiml/map.ts');
    expect(readDatum('19650310')).toEqual({ datum: '1965-03-10', volledig: true });
    expect(readDatum('20240229')).toEqual({ datum: '2024-02-29', volledig: true });
    expect(readDatum('00000000')).toEqual({ datum: '0000-00-00', volledig: false });
    expect(readDatum('19700000')).toEqual({ datum: '1970-00-00', volledig: false });
    expect(readDatum('00000310')).toEqual({ datum: '0000-03-10', volledig: false });
    for (const bad of ['20230229', '19701300', '19700132', '1970-01-01', '1970010', '197001011', '']) expect(readDatum(bad)).toBeUndefined();
    expect(readEurocent('116000')).toBe(116000);
    expect(readEurocent('0')).toBe(0);
    expect(readEurocent('+0012')).toBe(12);
    for (const bad of ['5000.00', '-5', '1e3', '', '9'.repeat(19), '9'.repeat(18)]) expect(readEurocent(bad)).toBeUndefined();
  });
});
