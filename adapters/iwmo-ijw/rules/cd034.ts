// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD034
import { typesFor } from '../model/index.ts';
import { alleContacten } from './support/contacten.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// Adres/Postcode: required on a BRP address (Soort 01) and a verblijfadres (Soort 03).
export const CD034 = defineRule({
  id: 'CD034',
  element: 'Adres/Postcode',
  appliesTo: typesFor('301'),
  definitie: 'Als Soort adres de waarde 1 (BRP-adres) of 3 (verblijfadres) heeft, dan verplicht vullen.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    for (const c of alleContacten(msg.client)) {
      if ((c.soort === '01' || c.soort === '03') && !gevuld(c.adres?.postcode)) fail(`${c.path}/Soort`, 'Postcode ontbreekt');
    }
  },
});
