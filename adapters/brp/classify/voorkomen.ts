// Reading the RvIG model for classification: a stack's current occurrence, its previous one, values.
import type { CategorieCode, ElementCode, Elementen, PlData, Stapel } from '../lo3/model.ts';
import type { BrpPersoonSleutels } from './model.ts';

/** The first stack of a category (the only one for 01, 06, 07, 08). */
export function eersteStapel(plData: PlData, categorie: CategorieCode): Stapel | undefined {
  return plData[categorie]?.[0];
}

/** The previous occurrence in a Gv01 pair (the historic category right after the current one), or undefined. */
export function vorigVoorkomen(stapel: Stapel | undefined): Elementen | undefined {
  return stapel?.historie?.[0];
}

export function waarde(voorkomen: Elementen | undefined, element: ElementCode): string | undefined {
  return voorkomen?.[element];
}

/** True when the element is there and not empty (length 000 = "nu leeg"). */
export function gevuld(voorkomen: Elementen | undefined, element: ElementCode): boolean {
  const v = voorkomen?.[element];
  return v !== undefined && v !== '';
}

/** Whether an element differs between two occurrences, an absent element counting as empty. */
export function verschilt(nieuw: Elementen | undefined, oud: Elementen | undefined, element: ElementCode): boolean {
  return (nieuw?.[element] ?? '') !== (oud?.[element] ?? '');
}

/** True when the occurrence has no elements at all (a historic category sent with length 000). */
export function isLeeg(voorkomen: Elementen | undefined): boolean {
  if (voorkomen === undefined) return true;
  for (const _ in voorkomen) return false;
  return true;
}

const A_NUMMER = /^[0-9]{10}$/;
const BSN = /^[0-9]{9}$/;

/** A usable A-nummer: 10 digits, not all zeros (Af01 writes 0000000000 for "none"). */
export function geldigAnummer(v: string | undefined): string | undefined {
  return v !== undefined && A_NUMMER.test(v) && v !== '0000000000' ? v : undefined;
}

/** A usable BSN: 9 digits, not all zeros. */
export function geldigBsn(v: string | undefined): string | undefined {
  return v !== undefined && BSN.test(v) && v !== '000000000' ? v : undefined;
}

/** Keys from an identificatienummers occurrence (01.01.10, 01.01.20). */
export function sleutelsUit(voorkomen: Elementen | undefined): BrpPersoonSleutels {
  const anummer = geldigAnummer(voorkomen?.e0110);
  const bsn = geldigBsn(voorkomen?.e0120);
  return { ...(bsn ? { bsn } : {}), ...(anummer ? { anummer } : {}) };
}
