// The four product classes the CD rules on Product/Omvang/Budget/Einddatum look at, as one shape:
// ToegewezenProduct (301), AangevraagdProduct (315), TeWijzigenProduct and NieuwProduct (317).
import type { CanonicalMessage, Omvang, Product } from '../../model/index.ts';

export type ProductRegelSoort = 'ToegewezenProduct' | 'AangevraagdProduct' | 'TeWijzigenProduct' | 'NieuwProduct';

export interface ProductRegel {
  soort: ProductRegelSoort;
  path: string;
  /** Always absent in a TeWijzigenProduct (the class has no Product). */
  product?: Product | undefined;
  /** Einddatum, or ToewijzingEinddatum in an AangevraagdProduct. */
  einddatum?: string | undefined;
  einddatumPath: string;
  omvang?: Omvang | undefined;
  budget?: number | undefined;
}

/** The product classes of the message in document order; [] for messages without them. */
export function productRegels(msg: CanonicalMessage): ProductRegel[] {
  switch (msg.nummer) {
    case '301':
      return msg.client.toegewezenProducten.map((p) => ({
        soort: 'ToegewezenProduct', path: p.path, product: p.product, einddatum: p.einddatum,
        einddatumPath: `${p.path}/Einddatum`, omvang: p.omvang, budget: p.budget,
      }));
    case '315':
      return msg.client.aangevraagdeProducten.map((p) => ({
        soort: 'AangevraagdProduct', path: p.path, product: p.product, einddatum: p.toewijzingEinddatum,
        einddatumPath: `${p.path}/ToewijzingEinddatum`, omvang: p.omvang, budget: p.budget,
      }));
    case '317': {
      const v = msg.client.verzoek;
      return [
        ...v.teWijzigenProducten.map((p): ProductRegel => ({
          soort: 'TeWijzigenProduct', path: p.path, einddatum: p.einddatum,
          einddatumPath: `${p.path}/Einddatum`, omvang: p.omvang, budget: p.budget,
        })),
        ...v.nieuweProducten.map((p): ProductRegel => ({
          soort: 'NieuwProduct', path: p.path, product: p.product, einddatum: p.einddatum,
          einddatumPath: `${p.path}/Einddatum`, omvang: p.omvang, budget: p.budget,
        })),
      ];
    }
    default:
      return [];
  }
}

/** CD080/CD095/CD096 only look at products that run past 2020 (or have no end date). */
export function looptNa2020(einddatum: string | undefined): boolean {
  return einddatum === undefined || Number(einddatum.replaceAll('-', '')) > 20201231;
}
