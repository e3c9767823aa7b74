// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD025
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { contacten } from './support/personen.ts';

// Huis/Huisnummer: required when the address is in the Netherlands (LandCode NL). Also on the 302.
export const CD025 = defineRule({
  id: 'CD025',
  element: 'Adres/Huis',
  appliesTo: typesFor('301', '302'),
  definitie: 'Als Adres / LandCode de waarde NL (Nederland) heeft, dan verplicht vullen.',
  check(msg, fail) {
    for (const c of contacten(msg)) {
      const a = c.adres;
      if (a?.landCode === 'NL' && !gevuld(a.huis?.huisnummer)) fail(`${a.path}/LandCode`, 'Huisnummer ontbreekt');
    }
  },
});
