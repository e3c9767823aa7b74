import type { Lo3Bericht } from './lo3/model.ts';

const BSN = /^[0-9]{9}$/;

/** Every valid 01.20-element BSN (eXX0120 in any category, current and historic), distinct, in message order. */
export function bsnsInLo3(bericht: Lo3Bericht): string[] {
  if (!('plData' in bericht)) return [];
  const found = new Set<string>();
  for (const stapels of Object.values(bericht.plData)) {
    for (const stapel of stapels) {
      add(found, stapel.e0120);
      if (stapel.historie) for (const h of stapel.historie) add(found, h.e0120);
    }
  }
  return [...found];
}

function add(found: Set<string>, v: string | undefined): void {
  if (v !== undefined && v !== '000000000' && BSN.test(v)) found.add(v);
}
