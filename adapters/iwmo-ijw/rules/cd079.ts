// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD079
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { productRegels } from './support/product-regels.ts';

// Product: required unless a Budget is given (a generic assignment has a budget and no product). Both are
// absent then, so the XSLT reports the product class itself.
export const CD079 = defineRule({
  id: 'CD079',
  element: 'Product of a product class',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Indien Budget leeg is, dan verplicht vullen',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (p.soort !== 'TeWijzigenProduct' && !gevuld(p.budget) && !p.product) fail(p.path, 'Product en Budget ontbreken');
    }
  },
});
