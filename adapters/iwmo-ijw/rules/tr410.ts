// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR410.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { overlappingProducts } from './support/product-overlap.ts';

export const TR410 = defineRule({
  id: 'TR410',
  element: 'NieuwProduct',
  appliesTo: typesFor('317'),
  definitie: 'Een Product mag alleen vaker in de berichtklassen NieuwProduct voorkomen als de zorgperiodes elkaar niet overlappen.',
  check(msg, fail) {
    if (msg.nummer !== '317') return;
    const items = msg.client.verzoek.nieuweProducten.map((p) => ({
      path: p.path, product: p.product, start: p.gewensteIngangsdatum, end: p.einddatum,
    }));
    for (const [later, earlier] of overlappingProducts(items)) fail(later.path, `overlapt met ${earlier.path}`);
  },
});
