import { describe, it, expect } from 'vitest';
import { MessageRejected } from '../../../adapters/types.ts';
import {
  buildDu01, buildFo01, fo01Details, retourFunctie, stufTijdstip, StufGgkBuildError, StufGgkRejected, UUID_V4, wrapDi01,
} from '../../../adapters/stuf-ggk/index.ts';
import { compiledCodecAndAdapter, DI01_WMO301, edit, SCHEMAS, withPayload, WMO301, WMO302 } from './fixtures.ts';

const NOW = new Date('2024-03-31T01:30:05.123Z'); // 03:30:05 in Amsterdam: the night summer time began

function xmlText(xml: Buffer, element: string): string[] {
  return [...xml.toString('utf8').matchAll(new RegExp(`<StUF:${element}>([^<]*)</StUF:${element}>`, 'g'))].map((m) => m[1]!);
}

describe('StUF-GGk builders', () => {
  const { codec, iwmo } = compiledCodecAndAdapter();

  it('writes StUF Tijdstip in Dutch local time', () => {
    expect(stufTijdstip(NOW)).toBe('20240331033005');
    expect(stufTijdstip(new Date('2024-01-15T23:59:59Z'))).toBe('20240116005959');
  });

  describe('Du01', () => {
    it('answers the constructed Di01: valid, crossRefnummer = its referentienummer, the retour carried intact', () => {
      const di01 = codec.parseDi01(DI01_WMO301());
      const built = buildDu01({ di01, retourXml: WMO302(), now: NOW });
      expect(codec.validate(built.xml, 'Du01')).toEqual([]);
      expect(built.referentienummer).toMatch(UUID_V4);
      expect(built.referentienummer).not.toBe(di01.stuurgegevens.referentienummer);

      const du01 = codec.parseEnvelope(built.xml);
      expect(du01.stuurgegevens).toEqual({
        berichtcode: 'Du01',
        zender: { organisatie: '42420001', applicatie: 'Ketenpoort' },
        ontvanger: { organisatie: '0384', applicatie: 'GGk' },
        referentienummer: built.referentienummer,
        tijdstipBericht: '20240331033005',
        crossRefnummer: '3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01',
        functie: 'WMO302',
      });
      expect(du01.parameters).toEqual({ applicatieVersie: '0001', applicatieSubversie: '0000', functieVersie: '0003', functieSubversie: '0002' });
      expect(du01.payload.kind).toBe('xml');
      expect(du01.payload.bytes.equals(WMO302())).toBe(true);
      expect(iwmo.process(du01.payload.bytes).type).toBe('WMO302');
    });

    it('drops a BOM from the retour, takes an explicit functie, and refuses a functie without retour', () => {
      const di01 = codec.parseDi01(DI01_WMO301());
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), WMO302()]);
      const du01 = codec.parseEnvelope(buildDu01({ di01, retourXml: bom, now: NOW, functie: 'WMO302', applicatie: 'Gemeente 0384' }).xml);
      expect(du01.payload.bytes.equals(WMO302())).toBe(true);
      expect(du01.stuurgegevens.zender.applicatie).toBe('Gemeente 0384');
      const odd = { ...di01, stuurgegevens: { ...di01.stuurgegevens, functie: 'WMO302' } };
      expect(() => buildDu01({ di01: odd, retourXml: WMO302(), now: NOW })).toThrow(StufGgkBuildError);
    });

    it('knows the retour of every heen message', () => {
      expect(['301', '305', '307', '315', '317', '319', '323'].map((n) => retourFunctie(`JW${n}`)))
        .toEqual(['JW302', 'JW306', 'JW308', 'JW316', 'JW318', 'JW320', 'JW325']);
      expect(retourFunctie('WMO302')).toBeUndefined();
      expect(retourFunctie('Dummy')).toBeUndefined();
    });
  });

  describe('Fo01', () => {
    it('answers a Di01 whose payload fails its XSD with StUF055, plek client, the XSD errors as details', () => {
      const broken = WMO301().toString('utf8').replace('<wmo301:BerichtVersie>3</wmo301:BerichtVersie>', '<wmo301:BerichtVersie>X</wmo301:BerichtVersie>');
      const di01 = codec.parseDi01(withPayload(DI01_WMO301(), broken));
      let refused: MessageRejected | undefined;
      try { iwmo.process(di01.payload.bytes); } catch (err) { if (err instanceof MessageRejected) refused = err; }
      expect(refused?.errors[0]?.code).toBe('xsd-invalid');

      const built = buildFo01({ di01, code: 'StUF055', details: fo01Details(refused!.errors), now: NOW });
      expect(codec.validate(built.xml, 'Fo01')).toEqual([]);
      expect(built.referentienummer).toMatch(UUID_V4);
      const text = built.xml.toString('utf8');
      expect(xmlText(built.xml, 'berichtcode')).toEqual(['Fo01']);
      expect(xmlText(built.xml, 'crossRefnummer')).toEqual(['3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01']);
      expect(xmlText(built.xml, 'organisatie')).toEqual(['42420001', '0384']); // zender (us), ontvanger
      expect(xmlText(built.xml, 'code')).toEqual(['StUF055']);
      expect(xmlText(built.xml, 'plek')).toEqual(['client']);
      expect(xmlText(built.xml, 'omschrijving')).toEqual(['Berichtbody is niet conform schema in sectormodel']);
      const details = xmlText(built.xml, 'details')[0]!;
      expect(details).toMatch(/^line \d+: Element '\{http:\/\/www\.istandaarden\.nl\/iwmo\/3_2\/wmo301\/schema\}BerichtVersie'/);
      expect(details).toContain('/wmo301:Bericht/wmo301:Header/wmo301:BerichtVersie');
      // No personal data from the payload travels in the Fo01.
      expect(text).not.toContain('999900006');
    });

    it('answers what could be read of a refused Di01 (no crossRefnummer when none could be read)', () => {
      const bad = edit(DI01_WMO301(), /<GGK:xmlBestand>[^<]*</, '<GGK:xmlBestand>***<');
      let readable: StufGgkRejected['readable'] | undefined;
      try { codec.parseDi01(bad); } catch (err) { if (err instanceof StufGgkRejected) readable = err.readable; }
      expect(readable?.stuurgegevens?.referentienummer).toBe('3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01');
      const fromReadable = buildFo01({ di01: readable, code: 'StUF055', now: NOW });
      expect(codec.validate(fromReadable.xml, 'Fo01')).toEqual([]);
      expect(xmlText(fromReadable.xml, 'crossRefnummer')).toEqual(['3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01']);

      const fromNothing = buildFo01({ di01: undefined, code: 'StUF055', now: NOW });
      expect(codec.validate(fromNothing.xml, 'Fo01')).toEqual([]);
      expect(xmlText(fromNothing.xml, 'crossRefnummer')).toEqual(['']);
      expect(xmlText(fromNothing.xml, 'organisatie')).toEqual([]);
    });

    it('cuts omschrijving and details to the StUF lengths and escapes markup', () => {
      const built = buildFo01({
        di01: { stuurgegevens: { referentienummer: 'x'.repeat(41), zender: { organisatie: 'o'.repeat(201) } } },
        code: 'StUF058', omschrijving: `<b>&${'é'.repeat(300)}`, details: `${'d'.repeat(2000)}\u0001`, now: NOW,
      });
      expect(codec.validate(built.xml, 'Fo01')).toEqual([]);
      expect(xmlText(built.xml, 'plek')).toEqual(['server']);
      expect(xmlText(built.xml, 'omschrijving')[0]).toMatch(/^&lt;b&gt;&amp;é+…$/);
      expect(Array.from(xmlText(built.xml, 'details')[0]!)).toHaveLength(1000);
      expect(xmlText(built.xml, 'crossRefnummer')).toEqual(['']);
    });
  });

  describe('Di01 for the GGk', () => {
    it('wraps an outgoing WMO301 in a valid Di01 with a fresh UUIDv4, payload intact', () => {
      const a = wrapDi01({ payloadXml: WMO301(), functie: 'WMO301', zender: '0384', ontvanger: '42420001', now: NOW });
      const b = wrapDi01({ payloadXml: WMO301(), functie: 'WMO301', zender: '0384', ontvanger: '42420001', now: NOW });
      expect(a.referentienummer).toMatch(UUID_V4);
      expect(b.referentienummer).not.toBe(a.referentienummer);
      expect(codec.validate(a.xml, 'Di01')).toEqual([]);
      const env = codec.parseDi01(a.xml);
      expect(env.stuurgegevens).toEqual({
        berichtcode: 'Di01',
        zender: { organisatie: '0384', applicatie: 'Ketenpoort' },
        ontvanger: { organisatie: '42420001', applicatie: 'GGk' },
        referentienummer: a.referentienummer,
        tijdstipBericht: '20240331033005',
        functie: 'WMO301',
      });
      expect(env.payload.bytes.equals(WMO301())).toBe(true);
    });

    it('takes a given referentienummer, full Systemen and parameters; refuses what cannot be valid', () => {
      const ref = '0b6e2c4f-1d2a-4b3c-8d4e-5f6a7b8c9d0e';
      const built = wrapDi01({
        payloadXml: WMO301().toString('utf8'), functie: 'WMO301', referentienummer: ref, now: NOW,
        zender: { organisatie: '0384', applicatie: 'Wmo Applicatie', administratie: 'wmo' },
        ontvanger: { organisatie: '42420001', applicatie: 'GGk' },
        parameters: { applicatieVersie: '0002' },
      });
      expect(codec.validate(built.xml, 'Di01')).toEqual([]);
      const env = codec.parseDi01(built.xml);
      expect(env.stuurgegevens.referentienummer).toBe(ref);
      expect(env.stuurgegevens.zender).toEqual({ organisatie: '0384', applicatie: 'Wmo Applicatie', administratie: 'wmo' });
      expect(env.parameters.applicatieVersie).toBe('0002');

      const base = { payloadXml: WMO301(), functie: 'WMO301', zender: '0384', ontvanger: '42420001', now: NOW };
      const field = (fn: () => unknown) => { try { fn(); } catch (err) { if (err instanceof StufGgkBuildError) return err.field; } return undefined; };
      expect(field(() => wrapDi01({ ...base, referentienummer: ref.toUpperCase() }))).toBe('referentienummer');
      expect(field(() => wrapDi01({ ...base, zender: '' }))).toBe('zender.organisatie');
      expect(field(() => wrapDi01({ ...base, ontvanger: { organisatie: 'SVB', applicatie: 'x' } }))).toBe('ontvanger.applicatie');
      expect(field(() => wrapDi01({ ...base, parameters: { functieVersie: '3' } }))).toBe('parameters.functieVersie');
      expect(field(() => wrapDi01({ ...base, payloadXml: '' }))).toBe('payloadXml');
    });

    it('the validator notices a wrong root (a Du01 is no Di01)', () => {
      const di01 = codec.parseDi01(DI01_WMO301());
      const du01 = buildDu01({ di01, retourXml: WMO302(), now: NOW });
      expect(codec.validate(du01.xml, 'Di01')[0]?.code).toBe('envelope-unknown');
    });
  });
});
