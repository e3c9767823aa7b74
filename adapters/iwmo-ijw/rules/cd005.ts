// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD005
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { contacten } from './support/personen.ts';

// LandCode: "Als Postcode gevuld is, dan verplicht vullen, anders leeg laten". The XSLT checks both ways
// and reports the element that is there without its partner. A condition on the Adres data type, so the 302
// that copies the client is checked too (issue 14: level 2 on retours).
export const CD005 = defineRule({
  id: 'CD005',
  element: 'Adres/LandCode',
  appliesTo: typesFor('301', '302'),
  definitie: 'Als Postcode gevuld is, dan verplicht vullen, anders leeg laten.',
  check(msg, fail) {
    for (const c of contacten(msg)) {
      const a = c.adres;
      if (!a) continue;
      const postcode = gevuld(a.postcode);
      const landCode = gevuld(a.landCode);
      if (postcode && !landCode) fail(`${a.path}/Postcode`, 'LandCode ontbreekt');
      else if (landCode && !postcode) fail(`${a.path}/LandCode`, 'Postcode ontbreekt');
    }
  },
});
