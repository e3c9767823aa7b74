// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD085
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// RedenAfwijzingVerzoek: required when the request is refused (VerzoekAntwoord 1).
export const CD085 = defineRule({
  id: 'CD085',
  element: 'Antwoord/RedenAfwijzingVerzoek',
  appliesTo: typesFor('319'),
  definitie: 'Als VerzoekAntwoord de waarde 1 (Verzoek afgewezen) heeft, dan vullen',
  check(msg, fail) {
    if (msg.nummer !== '319') return;
    const a = msg.antwoord;
    if (a.verzoekAntwoord === '1' && !gevuld(a.redenAfwijzingVerzoek)) fail(`${a.path}/VerzoekAntwoord`, 'RedenAfwijzingVerzoek ontbreekt');
  },
});
