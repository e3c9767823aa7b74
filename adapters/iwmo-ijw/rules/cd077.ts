// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD077
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { productRegels } from './support/product-regels.ts';

// Omvang: left out when a Budget is given. CD078 is the same condition seen from the Omvang, so a product
// with both always breaks both rules, as in the XSLT.
export const CD077 = defineRule({
  id: 'CD077',
  element: 'Omvang of a product',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Indien Budget gevuld is, dan leeg laten',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (gevuld(p.budget) && p.omvang) fail(`${p.path}/Budget`, 'Omvang is ook gevuld');
    }
  },
});
