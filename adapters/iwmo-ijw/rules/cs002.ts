// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/condities-constraints/Condities_constraints_per_data-element.md (CS002); 11-proef: packages/api/jw/bronnen/elfproef.md
import { ALL_TYPES } from '../model/index.ts';
import { bsnElements } from './support/bsns.ts';
import { defineRule } from './support/define-rule.ts';

// Weights 9..2 for the first eight digits and -1 for the last; the weighted sum must be divisible by 11
// (the XSLT's check11proef, so 000000000 passes as it does there).
export function passesElfproef(bsn: string): boolean {
  if (!/^[0-9]{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (bsn.charCodeAt(i) - 48);
  sum -= bsn.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

export const CS002 = defineRule({
  id: 'CS002',
  element: 'Bsn',
  // A value constraint on the Bsn data type: every message that carries a Bsn, retours included.
  appliesTo: ALL_TYPES,
  definitie: 'De waarde moet voldoen aan de 11-proef.',
  check(msg, fail) {
    for (const { bsn, path } of bsnElements(msg)) if (!passesElfproef(bsn)) fail(path);
  },
});
