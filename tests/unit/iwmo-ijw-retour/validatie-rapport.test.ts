// The validation report, held against rapport.xsd and against the reports the official XSLT 2.10.5 wrote
// for the same messages (corpus validatie-rapport-1.1/constructed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import { buildValidatieRapport } from '../../../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { ISTANDAARDEN } from '../../support/corpus.ts';
import { corpusSample } from './support/heen-samples.ts';
import { textAt, walk } from './support/retour-codes.ts';
import { rapportXsdErrors } from './support/schemas.ts';

const constructed = (name: string) => readFileSync(path.join(ISTANDAARDEN, 'validatie-rapport-1.1/constructed', name), 'utf8');

function rapportFor(type: string, xml: string): string {
  const message = parseIwmoIjw(xml, type);
  return buildValidatieRapport({ message, findings: runLevel2(message) });
}

/** Each Fout as {code, retourcode?, locaties, details}. */
function fouten(xml: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  walk(xml, (p, local) => {
    if (local === 'Fout') {
      out.push({
        code: textAt(xml, `${p}/Code`),
        retourcode: textAt(xml, `${p}/Retourcode`),
        locatie: textAt(xml, `${p}/Locatie`),
        details: textAt(xml, `${p}/Details`),
      });
    }
  });
  return out;
}

describe('validatie-rapport 1.1', () => {
  it('a message without failures: the very report the XSLT writes', () => {
    const r = rapportFor('WMO301', corpusSample('WMO301'));
    expect(rapportXsdErrors(r)).toEqual([]);
    expect(r).toBe(constructed('rapport-WMO301-ok.xml'));
  });

  it('CS002 on the client BSN: the very report the XSLT writes', () => {
    const r = rapportFor('WMO301', corpusSample('WMO301').replace('<wmo301:Bsn>999900006<', '<wmo301:Bsn>123456789<'));
    expect(rapportXsdErrors(r)).toEqual([]);
    expect(r).toBe(constructed('rapport-WMO301-bsn-11proef-CS002.xml'));
  });

  it('TR380 on the corpus WMO317: same rule, element and details as the XSLT', () => {
    const r = rapportFor('WMO317', corpusSample('WMO317'));
    expect(rapportXsdErrors(r)).toEqual([]);
    expect(fouten(r)).toEqual([{
      code: 'TR380',
      retourcode: undefined,
      locatie: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum',
      details: 'Vullen met een datum die groter is dan de dagtekening van het bericht.',
    }]);
    // The XSLT also lists the header Dagtekening it compared with; the element at fault is the same.
    expect(constructed('rapport-WMO317-TR380.xml')).toContain(`<n4:Locatie>${fouten(r)[0]?.locatie as string}</n4:Locatie>`);
  });

  it('names every failed rule with its path, level-3 findings with their Retourcode', () => {
    const message = parseIwmoIjw(corpusSample('JW323'), 'JW323');
    const findings = [
      ...runLevel2(message),
      { rule: 'TR333', code: '9333', path: '/Bericht/Declaratie/DeclaratieNummer', message: 'DeclaratieNummer <niet> uniek & al gebruikt' },
    ];
    const r = buildValidatieRapport({ message, findings });
    expect(rapportXsdErrors(r)).toEqual([]);
    expect(fouten(r).map(({ code, retourcode, locatie }) => ({ code, retourcode, locatie }))).toEqual([
      { code: 'TR101', retourcode: undefined, locatie: '/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]' },
      { code: 'TR333', retourcode: '9333', locatie: '/Bericht/Declaratie/DeclaratieNummer' },
    ]);
    expect(fouten(r)[1]?.details).toBe('DeclaratieNummer <niet> uniek & al gebruikt');
    expect(textAt(r, '/Rapport/Header/BerichtCode')).toBe('490');
  });

  it('every corpus sample gives a valid report', () => {
    for (const dir of ['WMO', 'JW']) {
      for (const n of ['301', '305', '307', '317', '319', '323']) {
        const type = `${dir}${n}`;
        expect(rapportXsdErrors(rapportFor(type, corpusSample(type)))).toEqual([]);
      }
    }
  });
});
