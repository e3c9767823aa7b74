import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { AdapterRegistry } from '../../../adapters/registry.ts';
import {
  acceptsStufGgk, decodeBase64Strict, StufGgkRejected,
} from '../../../adapters/stuf-ggk/index.ts';
import { compiledCodecAndAdapter, DI01_WMO301, DU01_WMO302, edit, ggkFile, lineOf, SCHEMAS, withPayload, withPayloadText, WMO301, WMO302 } from './fixtures.ts';

function refusal(fn: () => unknown): StufGgkRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof StufGgkRejected) return err;
    throw err;
  }
  throw new Error('expected StufGgkRejected');
}

describe('StUF-GGk Di01 parser', () => {
  const { codec, iwmo } = compiledCodecAndAdapter();

  it('reads the stuurgegevens and parameters of the GGk example Di01 (xmlBestand)', () => {
    const env = codec.parseDi01(ggkFile('voorbeeldberichten/envelopHeenbericht-ggk_Di01_v21-xml.xml'));
    expect(env.stuurgegevens).toEqual({
      berichtcode: 'Di01',
      zender: { organisatie: '0548', applicatie: 'Wmo Applicatie' },
      ontvanger: { organisatie: '01023456', applicatie: 'GGk' },
      referentienummer: '9c0f7b90-5c69-41e5-a837-0800200c9a66',
      tijdstipBericht: '20160421132514',
      functie: 'WMO301',
    });
    expect(env.parameters).toEqual({ applicatieVersie: '0004', applicatieSubversie: '0003', functieVersie: '0002', functieSubversie: '0002' });
    expect(env.payload.kind).toBe('xml');
    // The GGk's own example carries a placeholder text, not a real message.
    expect(env.payload.bytes.toString('utf8')).toBe('Hier staat een iWmo/iJw-heenbericht.');
  });

  it('reads the GGk example Di01 with a tekstBestand and its bestandsnaam', () => {
    const env = codec.parseDi01(ggkFile('voorbeeldberichten/envelopHeenbericht-ggk_Di01_v21-tekst.xml'));
    expect(env.stuurgegevens.ontvanger.organisatie).toBe('CBS');
    expect(env.stuurgegevens.functie).toBe('Dummy');
    expect(env.payload).toEqual({ kind: 'tekst', bestandsnaam: 'AanleveringQ1.csv', bytes: Buffer.from('Hier staat een dummy-tekstbericht.') });
  });

  it('unwraps the constructed Di01 to the corpus WMO301 byte for byte, which the iWmo adapter accepts', () => {
    const env = codec.parseDi01(DI01_WMO301());
    expect(env.stuurgegevens.referentienummer).toBe('3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01');
    expect(env.stuurgegevens.functie).toBe('WMO301');
    expect(env.stuurgegevens.zender.organisatie).toBe('0384');
    expect(env.stuurgegevens.ontvanger.organisatie).toBe('42420001');
    expect(env.parameters.functieVersie).toBe('0003');
    expect(env.payload.kind).toBe('xml');
    expect(env.payload.bytes.equals(WMO301())).toBe(true);
    const accepted = iwmo.process(env.payload.bytes);
    expect(accepted).toMatchObject({ family: 'iwmo', type: 'WMO301', correlationId: '123456789012' });
  });

  it('parses the constructed Du01 with its crossRefnummer and WMO302 payload; parseDi01 refuses it', () => {
    const env = codec.parseEnvelope(DU01_WMO302());
    expect(env.stuurgegevens).toMatchObject({ berichtcode: 'Du01', crossRefnummer: '3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01', functie: 'WMO302' });
    expect(env.payload.bytes.equals(WMO302())).toBe(true);
    const err = refusal(() => codec.parseDi01(DU01_WMO302()));
    expect(err.code).toBe('envelope-not-di01');
    expect(err.readable.stuurgegevens?.referentienummer).toBe('7b2e9d41-0c3f-4a8e-b5d2-1f0e9a8b7c62');
  });

  it('sniffs envelopes by the root namespace only', () => {
    expect(acceptsStufGgk(DI01_WMO301().subarray(0, 1024))).toBe(true);
    expect(codec.accepts(DU01_WMO302().subarray(0, 1024))).toBe(true);
    expect(acceptsStufGgk(WMO301().subarray(0, 1024))).toBe(false);
    expect(acceptsStufGgk(ggkFile('voorbeeldberichten/Fo01.xml'))).toBe(false);
    expect(acceptsStufGgk(Buffer.from('not xml'))).toBe(false);
    // A DOCTYPE is claimed so that it is refused explicitly, as every XML adapter does.
    expect(acceptsStufGgk(Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>'))).toBe(true);
    // And the registry, as ingest uses it, leaves iWmo messages to the iWmo adapter when asked first.
    const registry = new AdapterRegistry([iwmo]);
    expect(registry.process(WMO301()).type).toBe('WMO301');
  });

  describe('refusals', () => {
    it('a DOCTYPE, before libxml2 sees it, with line and column', () => {
      const body = edit(DI01_WMO301(), '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE GGK:envelopHeenbericht-ggk_Di01 [<!ENTITY x "y">]>\n');
      const err = refusal(() => codec.parseDi01(body));
      expect(err.status).toBe(400);
      expect(err.errors).toEqual([{ code: 'doctype-forbidden', message: 'a DOCTYPE is not allowed in a message', line: 2, column: 1 }]);
    });

    it('a DOCTYPE behind the root start (internal subset cannot be there, but the parser is the second guard)', () => {
      const err = refusal(() => codec.parseDi01(Buffer.from('<!-- c --><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')));
      expect(err.code).toBe('doctype-forbidden');
    });

    it('malformed base64: a character outside the alphabet, named by offset, element path and line', () => {
      const good = DI01_WMO301();
      const b64 = /<GGK:xmlBestand>([^<]*)</.exec(good.toString('utf8'))![1]!;
      const bad = withPayloadText(good, `${b64.slice(0, 100)}*${b64.slice(101)}`);
      const err = refusal(() => codec.parseDi01(bad));
      expect(err.status).toBe(400);
      expect(err.errors).toEqual([{
        code: 'payload-base64-invalid',
        message: 'xmlBestand is not base64: character 100 of its text is outside the base64 alphabet',
        path: '/GGK:envelopHeenbericht-ggk_Di01/GGK:parameters/GGK:bericht/GGK:xmlBestand',
        line: lineOf(good, '<GGK:xmlBestand>'),
      }]);
      // What could be read is kept, to address the Fo01.
      expect(err.readable.stuurgegevens).toMatchObject({
        referentienummer: '3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01',
        zender: { organisatie: '0384', applicatie: 'Wmo Applicatie' },
        ontvanger: { organisatie: '42420001', applicatie: 'GGk' },
      });
    });

    it('malformed base64: truncated (length) and padding in the middle', () => {
      const truncated = refusal(() => codec.parseDi01(withPayloadText(DI01_WMO301(), 'PD94bWw')));
      expect(truncated.errors[0]).toMatchObject({ code: 'payload-base64-invalid', message: 'xmlBestand is not base64: its length without white space is not a multiple of 4' });
      const padded = refusal(() => codec.parseDi01(withPayloadText(DI01_WMO301(), 'PD8=PD94')));
      expect(padded.errors[0]).toMatchObject({ code: 'payload-base64-invalid', message: "xmlBestand is not base64: padding '=' at character 3 of its text is not at the end" });
    });

    it('base64 wrapped over lines (white space) is accepted', () => {
      const b64 = WMO301().toString('base64').replace(/(.{76})/g, '$1\n\t\t\t');
      const env = codec.parseDi01(withPayloadText(DI01_WMO301(), b64));
      expect(env.payload.bytes.equals(WMO301())).toBe(true);
    });

    it('a missing payload: no bericht element, or an empty xmlBestand', () => {
      const noBericht = edit(DI01_WMO301(), /\t\t<GGK:bericht>[\s\S]*<\/GGK:bericht>\n/, '');
      const err = refusal(() => codec.parseDi01(noBericht));
      expect(err.errors).toEqual([{
        code: 'payload-missing',
        message: 'the envelope has no parameters/bericht',
        path: '/GGK:envelopHeenbericht-ggk_Di01/GGK:parameters/GGK:bericht',
        line: lineOf(DI01_WMO301(), '<GGK:envelopHeenbericht-ggk_Di01'),
      }]);
      const empty = refusal(() => codec.parseDi01(withPayloadText(DI01_WMO301(), '  \n ')));
      expect(empty.errors[0]).toMatchObject({ code: 'payload-missing', message: 'xmlBestand is empty', path: '/GGK:envelopHeenbericht-ggk_Di01/GGK:parameters/GGK:bericht/GGK:xmlBestand' });
    });

    it('a bericht without xmlBestand or tekstBestand', () => {
      const body = edit(DI01_WMO301(), /<GGK:bericht>[\s\S]*<\/GGK:bericht>/, '<GGK:bericht></GGK:bericht>');
      const err = refusal(() => codec.parseDi01(body));
      expect(err.errors).toEqual([{
        code: 'payload-missing',
        message: 'parameters/bericht has neither xmlBestand nor tekstBestand',
        path: '/GGK:envelopHeenbericht-ggk_Di01/GGK:parameters/GGK:bericht/GGK:xmlBestand',
        line: lineOf(body, '<GGK:bericht>'),
      }]);
    });

    it('keeps no over-long value in what it could read of a refused envelope', () => {
      const body = edit(DI01_WMO301(), '<StUF:organisatie>0384<', `<StUF:organisatie>${'9'.repeat(300)}<`);
      const err = refusal(() => codec.parseDi01(body));
      expect(err.code).toBe('envelope-xsd-invalid');
      expect(err.readable.stuurgegevens?.zender).toEqual({ applicatie: 'Wmo Applicatie' });
    });

    it('an envelope that breaks the StUF-GGk XSD: every libxml2 error with its line and path', () => {
      const body = edit(DI01_WMO301(), '3f1c2a7e-8b4d-4c2a-9e1f-5a6b7c8d9e01', '3F1C2A7E-8B4D-1C2A-9E1F-5A6B7C8D9E01');
      const err = refusal(() => codec.parseDi01(body));
      expect(err.status).toBe(400);
      expect(err.errors.length).toBeGreaterThan(0);
      for (const issue of err.errors) expect(issue.code).toBe('envelope-xsd-invalid');
      expect(err.errors[0]).toMatchObject({ line: lineOf(body, '<StUF:referentienummer>') });
      expect(err.errors[0]!.message).toContain('referentienummer');
      expect(err.errors[0]!.path).toContain('referentienummer');
      // libxml2's quoted value is withheld from the message.
      expect(err.errors.map((e) => e.message).join(' ')).not.toContain('3F1C2A7E');
      expect(err.readable.stuurgegevens?.functie).toBe('WMO301');
    });

    it('a missing stuurgegevens element is an XSD error naming the parent', () => {
      const body = edit(DI01_WMO301(), /\t\t<StUF:functie>WMO301<\/StUF:functie>\n/, '');
      const err = refusal(() => codec.parseDi01(body));
      expect(err.errors[0]!.code).toBe('envelope-xsd-invalid');
      expect(err.errors[0]!.message).toContain('functie');
    });

    it('malformed XML with the line libxml2 gives', () => {
      const body = edit(DI01_WMO301(), '</StUF:zender>', '</StUF:zendr>');
      const err = refusal(() => codec.parseDi01(body));
      expect(err.errors[0]!.code).toBe('xml-malformed');
      expect(err.errors[0]!.line).toBe(lineOf(body, '</StUF:zendr>'));
    });

    it('an iWmo message, XML in another namespace and a foreign ggk0210 root are no envelopes', () => {
      const iwmoErr = refusal(() => codec.parseDi01(WMO301()));
      expect(iwmoErr.status).toBe(415);
      expect(iwmoErr.code).toBe('not-stuf-ggk-envelope');
      expect(refusal(() => codec.parseDi01(Buffer.from('plain text'))).code).toBe('not-stuf-ggk-envelope');
      const foreign = refusal(() => codec.parseDi01(Buffer.from('<GGK:iets xmlns:GGK="http://www.stufstandaarden.nl/koppelvlak/ggk0210"/>')));
      expect(foreign.errors[0]).toMatchObject({ code: 'envelope-unknown', path: '/GGK:iets', line: 1 });
    });
  });

  it('takes a payload over 10 MB (one text node; the GGk allows 25 MB including base64)', () => {
    const big = Buffer.alloc(12_000_000, 0x41);
    const env = codec.parseDi01(withPayload(DI01_WMO301(), big));
    expect(env.payload.bytes.length).toBe(big.length);
    expect(env.payload.bytes.equals(big)).toBe(true);
  });
});

describe('strict base64', () => {
  it('decodes what Node decodes and refuses what Node would silently skip', () => {
    expect(decodeBase64Strict('SGk=')).toEqual({ ok: true, bytes: Buffer.from('Hi') });
    expect(decodeBase64Strict('S G k =\n')).toEqual({ ok: true, bytes: Buffer.from('Hi') });
    expect(decodeBase64Strict('SG-k')).toEqual({ ok: false, reason: 'character', offset: 2 });
    expect(Buffer.from('SG-k', 'base64').length).toBeGreaterThan(0); // what the strict check guards against
    expect(decodeBase64Strict('SGk===')).toMatchObject({ ok: false, reason: 'padding' });
    expect(decodeBase64Strict('')).toEqual({ ok: false, reason: 'empty' });
  });
});
