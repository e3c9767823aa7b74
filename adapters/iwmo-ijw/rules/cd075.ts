// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD075
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { productRegels } from './support/product-regels.ts';

// Einddatum (ToewijzingEinddatum in a 315): required when a Budget is given, in all four product classes.
export const CD075 = defineRule({
  id: 'CD075',
  element: 'Einddatum of a product (ToewijzingEinddatum in a 315)',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Verplicht vullen indien Budget gevuld is',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (gevuld(p.budget) && !gevuld(p.einddatum)) fail(`${p.path}/Budget`, `${p.einddatumPath.slice(p.path.length + 1)} ontbreekt`);
    }
  },
});
