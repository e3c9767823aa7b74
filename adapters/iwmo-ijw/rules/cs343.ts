// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS343
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { checkFrequentie } from './support/frequentie.ts';

// CS338 for the AangevraagdProduct of a 315, with its ToewijzingEinddatum.
export const CS343 = defineRule({
  id: 'CS343',
  element: 'AangevraagdProduct/Omvang/Frequentie',
  appliesTo: typesFor('315'),
  definitie: 'Indien eenheid de waarde 14, 16, 83 of 84 heeft en ToewijzingEinddatum is groter dan 31-12-2020 of leeg, dan Frequentie vullen met waarde 2, 4 of 6',
  check(msg, fail) {
    if (msg.nummer !== '315') return;
    for (const p of msg.client.aangevraagdeProducten) checkFrequentie(p.omvang, p.toewijzingEinddatum, fail);
  },
});
