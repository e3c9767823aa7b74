// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR386.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { overlappingProducts } from './support/product-overlap.ts';

export const TR386 = defineRule({
  id: 'TR386',
  element: 'AangevraagdProduct',
  appliesTo: typesFor('315'),
  definitie: 'Een Product mag alleen vaker in een verzoek om toewijzing voorkomen indien de zorgperiodes elkaar niet overlappen.',
  check(msg, fail) {
    if (msg.nummer !== '315') return;
    const items = msg.client.aangevraagdeProducten.map((p) => ({
      path: p.path, product: p.product, start: p.toewijzingIngangsdatum, end: p.toewijzingEinddatum,
    }));
    for (const [later, earlier] of overlappingProducts(items)) fail(later.path, `overlapt met ${earlier.path}`);
  },
});
