// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR302.md
import type { ToegewezenProduct } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';
import { overlappingProducts } from './support/product-overlap.ts';

// Deleted (RedenWijziging 13) or withdrawn (01) assignments whose Einddatum equals Ingangsdatum do not count.
const isVervallen = (p: ToegewezenProduct) =>
  (p.redenWijziging === '01' || p.redenWijziging === '13') && p.einddatum !== undefined && dateNum(p.einddatum) === dateNum(p.ingangsdatum);

export const TR302 = defineRule({
  id: 'TR302',
  element: 'ToegewezenProduct',
  appliesTo: typesFor('301'),
  // The XSLT (2.10.5) also exempts hulpmiddelen (iWmo categories 11–14); the rule page no longer says so.
  definitie: 'Een Product mag alleen vaker in een toewijzingsbericht voorkomen indien de zorgperiodes elkaar niet overlappen.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    const items = msg.client.toegewezenProducten
      .filter((p) => !isVervallen(p))
      .map((p) => ({ path: p.path, product: p.product, start: p.ingangsdatum, end: p.einddatum }));
    for (const [later, earlier] of overlappingProducts(items)) fail(later.path, `overlapt met ${earlier.path}`);
  },
});
