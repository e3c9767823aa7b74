// Shared logic of TR302 (ToegewezenProduct), TR386 (AangevraagdProduct) and TR410 (NieuwProduct), as in
// the official XSLT (templates tr302/TR386/TR410 and isPeriodOverlay): every element is compared with each
// preceding one; a pair fails when it is "the same product", neither is a hulpmiddel and the periods overlap.
import type { Product } from '../../model/index.ts';
import { dateNum } from './dates.ts';

export interface ProductPeriod {
  path: string;
  product?: Product;
  start: string;
  end?: string;
}

// iWmo categories 11–14 are hulpmiddelen, which may be assigned several times at once (XSLT: testvalue
// '11, 12, 13, 14'). iJw has no such categories (31–55), so the exception never applies there.
const HULPMIDDEL_CATEGORIEEN: ReadonlySet<string> = new Set(['11', '12', '13', '14']);

/**
 * Same product in the XSLT's sense: equal Categorie and Code; or equal Categorie when either lacks a Code;
 * or either has no Product at all (then it may overlap with nothing).
 */
function sameProduct(a: Product | undefined, b: Product | undefined): boolean {
  if (!a || !b) return true;
  if (a.categorie !== b.categorie) return false;
  return a.code === undefined || b.code === undefined || a.code === b.code;
}

/** Inclusive periods; an absent end date is open-ended. */
function overlaps(a: ProductPeriod, b: ProductPeriod): boolean {
  if (a.end !== undefined && b.end !== undefined) return !(dateNum(a.end) < dateNum(b.start) || dateNum(b.end) < dateNum(a.start));
  if (a.end !== undefined) return dateNum(a.end) >= dateNum(b.start);
  if (b.end !== undefined) return dateNum(b.end) >= dateNum(a.start);
  return true;
}

const isHulpmiddel = (p: ProductPeriod) => p.product !== undefined && HULPMIDDEL_CATEGORIEEN.has(p.product.categorie);

/** Pairs [later, earlier] (document order) of elements that stack the same product in overlapping periods. */
export function overlappingProducts(items: readonly ProductPeriod[]): Array<[ProductPeriod, ProductPeriod]> {
  const pairs: Array<[ProductPeriod, ProductPeriod]> = [];
  items.forEach((later, i) => {
    for (let j = 0; j < i; j++) {
      const earlier = items[j] as ProductPeriod;
      if (sameProduct(later.product, earlier.product) && !isHulpmiddel(later) && !isHulpmiddel(earlier) && overlaps(later, earlier)) {
        pairs.push([later, earlier]);
      }
    }
  });
  return pairs;
}
