// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD086
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// RedenAfwijzingVerzoek: left out while the request is under investigation (VerzoekAntwoord 2).
export const CD086 = defineRule({
  id: 'CD086',
  element: 'Antwoord/RedenAfwijzingVerzoek',
  appliesTo: typesFor('319'),
  definitie: 'Als VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek) heeft, dan leeg laten',
  check(msg, fail) {
    if (msg.nummer !== '319') return;
    const a = msg.antwoord;
    if (a.verzoekAntwoord === '2' && gevuld(a.redenAfwijzingVerzoek)) fail(`${a.path}/RedenAfwijzingVerzoek`);
  },
});
