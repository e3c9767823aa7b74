import { describe, it, expect } from 'vitest';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import {
  checkEnvelopeAgreement, payloadHeaderOf, wrapDi01, type PayloadHeader, type StufGgkEnvelope,
} from '../../../adapters/stuf-ggk/index.ts';
import { corpusFiles, sample } from '../../support/corpus.ts';
import { compiledCodecAndAdapter, DI01_WMO301, DU01_WMO302, edit, SCHEMAS } from './fixtures.ts';

describe('envelope ↔ payload agreement', () => {
  const { codec, iwmo } = compiledCodecAndAdapter();

  const headerOf = (env: StufGgkEnvelope): PayloadHeader => payloadHeaderOf(iwmo.process(env.payload.bytes));

  it('the constructed Di01 agrees with its WMO301 (from the adapter and from the canonical model)', () => {
    const env = codec.parseDi01(DI01_WMO301());
    expect(checkEnvelopeAgreement(env, headerOf(env))).toEqual([]);
    const model = parseIwmoIjw(env.payload.bytes, 'WMO301');
    expect(checkEnvelopeAgreement(env, model.header)).toEqual([]);
  });

  it('the constructed Du01 agrees with its WMO302, whose header is the heen header (not reversed)', () => {
    const env = codec.parseEnvelope(DU01_WMO302());
    expect(env.stuurgegevens.zender.organisatie).toBe('42420001');
    expect(headerOf(env)).toEqual({ berichtCode: '415', afzender: '0384', ontvanger: '42420001' });
    expect(checkEnvelopeAgreement(env, headerOf(env))).toEqual([]);
  });

  it('a functie of another message type', () => {
    const env = codec.parseDi01(edit(DI01_WMO301(), '<StUF:functie>WMO301<', '<StUF:functie>WMO305<'));
    expect(checkEnvelopeAgreement(env, headerOf(env))).toEqual([{
      code: 'functie-berichtcode',
      message: 'functie WMO305 means BerichtCode 418, the payload has BerichtCode 414',
      envelopePath: 'stuurgegevens/functie',
      payloadPath: '/Bericht/Header/BerichtCode',
      envelopeValue: 'WMO305',
      payloadValue: '414',
    }]);
    const jw = codec.parseDi01(edit(DI01_WMO301(), '<StUF:functie>WMO301<', '<StUF:functie>JW301<'));
    expect(checkEnvelopeAgreement(jw, headerOf(jw)).map((m) => m.code)).toEqual(['functie-berichtcode']);
  });

  it('a functie that is no iWmo/iJw message type', () => {
    const env = codec.parseDi01(edit(DI01_WMO301(), '<StUF:functie>WMO301<', '<StUF:functie>Dummy<'));
    const [m, ...rest] = checkEnvelopeAgreement(env, headerOf(env));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ code: 'functie-onbekend', envelopeValue: 'Dummy', payloadValue: '414' });
  });

  it('organisaties that are not the payload Afzender and Ontvanger', () => {
    const body = edit(edit(DI01_WMO301(), '<StUF:organisatie>0384<', '<StUF:organisatie>0363<'),
      '<StUF:organisatie>42420001<', '<StUF:organisatie>65656055<');
    const env = codec.parseDi01(body);
    expect(checkEnvelopeAgreement(env, headerOf(env))).toEqual([
      {
        code: 'zender-afzender',
        message: "stuurgegevens/zender/organisatie '0363' does not match payload /Bericht/Header/Afzender '0384'",
        envelopePath: 'stuurgegevens/zender/organisatie', payloadPath: '/Bericht/Header/Afzender',
        envelopeValue: '0363', payloadValue: '0384',
      },
      {
        code: 'ontvanger-ontvanger',
        message: "stuurgegevens/ontvanger/organisatie '65656055' does not match payload /Bericht/Header/Ontvanger '42420001'",
        envelopePath: 'stuurgegevens/ontvanger/organisatie', payloadPath: '/Bericht/Header/Ontvanger',
        envelopeValue: '65656055', payloadValue: '42420001',
      },
    ]);
  });

  it('a gemeentecode written without its leading zero does not match', () => {
    const env = codec.parseDi01(edit(DI01_WMO301(), '<StUF:organisatie>0384<', '<StUF:organisatie>384<'));
    expect(checkEnvelopeAgreement(env, headerOf(env)).map((m) => m.code)).toEqual(['zender-afzender']);
  });

  it('a Du01 whose organisaties were written as if the retour header were reversed', () => {
    const body = edit(edit(DU01_WMO302(), '<StUF:organisatie>42420001<', '<StUF:organisatie>TMP<'),
      '<StUF:organisatie>0384<', '<StUF:organisatie>42420001<');
    const swapped = codec.parseEnvelope(edit(body, '<StUF:organisatie>TMP<', '<StUF:organisatie>0384<'));
    expect(checkEnvelopeAgreement(swapped, headerOf(swapped)).map((m) => [m.code, m.payloadPath])).toEqual([
      ['zender-afzender', '/Bericht/Header/Ontvanger'],
      ['ontvanger-ontvanger', '/Bericht/Header/Afzender'],
    ]);
  });

  it('a payload header that lacks the fields', () => {
    const env = codec.parseDi01(DI01_WMO301());
    const got = checkEnvelopeAgreement(env, { berichtCode: undefined, afzender: undefined, ontvanger: undefined });
    expect(got.map((m) => m.code)).toEqual(['functie-berichtcode', 'zender-afzender', 'ontvanger-ontvanger']);
    expect(got.every((m) => m.payloadValue === undefined)).toBe(true);
  });

  it('works for iJw, and treats a 325 (own header, Afzender = gemeente) as not reversed', () => {
    const jw = sample('ijw-3.2', 'JW301');
    const party = (el: string) => new RegExp(`<\\w+:${el}>([^<]*)<`).exec(jw.toString('utf8'))![1]!;
    const jwEnv = codec.parseDi01(wrapDi01({ payloadXml: jw, functie: 'JW301', zender: party('Afzender'), ontvanger: party('Ontvanger'), now: new Date() }).xml);
    expect(checkEnvelopeAgreement(jwEnv, headerOf(jwEnv))).toEqual([]);

    const wmo325 = sample('iwmo-3.2', 'WMO325');
    const env325 = codec.parseDi01(wrapDi01({ payloadXml: wmo325, functie: 'WMO325', zender: '0384', ontvanger: '65656055', now: new Date() }).xml);
    expect(headerOf(env325)).toEqual({ berichtCode: '485', afzender: '0384', ontvanger: '65656055' });
    expect(checkEnvelopeAgreement(env325, headerOf(env325))).toEqual([]);
  });

  const samples = [...corpusFiles('iwmo-3.2/samples'), ...corpusFiles('ijw-3.2/samples')].map(({ name, body }) => ({ type: name.replace('.xml', ''), body }));
  it.each(samples)('$type wrapped as the standard routes it validates and agrees', ({ type, body }) => {
    const text = body.toString('utf8');
    const afzender = /<\w+:Afzender>([^<]*)</.exec(text)![1]!;
    const ontvanger = /<\w+:Ontvanger>([^<]*)</.exec(text)![1]!;
    const retour = ['302', '306', '308', '316', '318', '320'].includes(type.slice(-3));
    const built = wrapDi01({ payloadXml: body, functie: type, zender: retour ? ontvanger : afzender, ontvanger: retour ? afzender : ontvanger, now: new Date() });
    expect(codec.validate(built.xml, 'Di01')).toEqual([]);
    const env = codec.parseDi01(built.xml);
    expect(env.payload.bytes.equals(body)).toBe(true);
    expect(checkEnvelopeAgreement(env, headerOf(env))).toEqual([]);
    const turned = codec.parseDi01(wrapDi01({ payloadXml: body, functie: type, zender: retour ? afzender : ontvanger, ontvanger: retour ? ontvanger : afzender, now: new Date() }).xml);
    expect(checkEnvelopeAgreement(turned, headerOf(turned)).map((m) => m.code)).toEqual(['zender-afzender', 'ontvanger-ontvanger']);
  });
});
