// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS338
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { checkFrequentie } from './support/frequentie.ts';
import { productRegels } from './support/product-regels.ts';

// The Omvang of a ToegewezenProduct (301) and of a TeWijzigenProduct or NieuwProduct (317); the
// AangevraagdProduct of a 315 is CS343.
export const CS338 = defineRule({
  id: 'CS338',
  element: 'Omvang/Frequentie (ToegewezenProduct, TeWijzigenProduct, NieuwProduct)',
  appliesTo: typesFor('301', '317'),
  definitie: 'Indien eenheid de waarde 14, 16, 83 of 84 heeft en Einddatum groter dan 31-12-2020 of leeg is, dan Frequentie vullen met de waarde 2 , 4 of 6',
  check(msg, fail) {
    for (const p of productRegels(msg)) if (p.soort !== 'AangevraagdProduct') checkFrequentie(p.omvang, p.einddatum, fail);
  },
});
