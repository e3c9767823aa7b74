// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD076
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { productRegels } from './support/product-regels.ts';

// Einddatum (ToewijzingEinddatum in a 315): required when the Omvang is per week (Frequentie 2).
export const CD076 = defineRule({
  id: 'CD076',
  element: 'Einddatum of a product (ToewijzingEinddatum in a 315)',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Verplicht vullen indien Frequentie waarde 2 (per week)',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (p.omvang?.frequentie === '2' && !gevuld(p.einddatum)) {
        fail(`${p.omvang.path}/Frequentie`, `${p.einddatumPath.slice(p.path.length + 1)} ontbreekt`);
      }
    }
  },
});
