// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD041
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { productRegels } from './support/product-regels.ts';

// Omvang: required for a specific assignment (Product/Code filled), in ToegewezenProduct, AangevraagdProduct
// and NieuwProduct.
export const CD041 = defineRule({
  id: 'CD041',
  element: 'Omvang (ToegewezenProduct, AangevraagdProduct, NieuwProduct)',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Indien Code in Product gevuld is, verplicht vullen.',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (p.product && gevuld(p.product.code) && !p.omvang) fail(`${p.product.path}/Code`, 'Omvang ontbreekt');
    }
  },
});
