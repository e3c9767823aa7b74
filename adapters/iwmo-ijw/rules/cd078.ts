// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD078
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { productRegels } from './support/product-regels.ts';

// Budget: left out when an Omvang is given (the mirror of CD077).
export const CD078 = defineRule({
  id: 'CD078',
  element: 'Budget of a product',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Indien Omvang gevuld is, dan leeg laten',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (p.omvang && p.budget !== undefined) fail(p.omvang.path, 'Budget is ook gevuld');
    }
  },
});
