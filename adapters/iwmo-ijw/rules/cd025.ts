// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD025
import { typesFor } from '../model/index.ts';
import { alleContacten } from './support/contacten.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// Huis/Huisnummer: required when the address is in the Netherlands (LandCode NL).
export const CD025 = defineRule({
  id: 'CD025',
  appliesTo: typesFor('301'),
  definitie: 'Als Adres / LandCode de waarde NL (Nederland) heeft, dan verplicht vullen.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    for (const c of alleContacten(msg.client)) {
      const a = c.adres;
      if (a?.landCode === 'NL' && !gevuld(a.huis?.huisnummer)) fail(`${a.path}/LandCode`, 'Huisnummer ontbreekt');
    }
  },
});
