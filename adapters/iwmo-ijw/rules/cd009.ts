// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD009
import { typesFor } from '../model/index.ts';
import { alleContacten } from './support/contacten.ts';
import { defineRule } from './support/define-rule.ts';

// Contact/Periode: only allowed on a temporary address (Soort 04).
export const CD009 = defineRule({
  id: 'CD009',
  element: 'Contact/Periode',
  appliesTo: typesFor('301'),
  definitie: 'Alleen als Soort adres de waarde 04 (tijdelijk adres) heeft, is vullen toegestaan.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    for (const c of alleContacten(msg.client)) {
      if (c.periode && c.soort !== '04') fail(c.periode.path, `Soort ${c.soort}`);
    }
  },
});
