// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD080
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { looptNa2020, productRegels } from './support/product-regels.ts';

// ToegewezenProduct/Omvang: left out for a non-specific assignment (no Product/Code) that runs past 2020.
export const CD080 = defineRule({
  id: 'CD080',
  element: 'ToegewezenProduct/Omvang',
  appliesTo: typesFor('301'),
  definitie: 'Indien Code in Product leeg is en Einddatum van het ToegewezenProduct groter dan 31-12-2020 of leeg is, dan leeg laten',
  check(msg, fail) {
    for (const p of productRegels(msg)) {
      if (p.soort !== 'ToegewezenProduct' || !p.omvang || !looptNa2020(p.einddatum)) continue;
      if (!gevuld(p.product?.code)) fail(p.omvang.path, 'Product/Code ontbreekt');
    }
  },
});
