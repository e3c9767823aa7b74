import { buildDeclaratieAntwoord } from './build-declaratie-antwoord.ts';
import { buildHeenRetour } from './build-heen-retour.ts';
import type { RetourInput, RetourResult } from './types.ts';

/**
 * The answer the standard prescribes on a heen message: the IV028 retour on a 301/305/307/315/317/319,
 * the IV087 325 on a 323. Throws RetourBuildError for any other message (a retour gets no retour).
 */
export function buildRetour(input: RetourInput): RetourResult {
  return input.message.nummer === '323' ? buildDeclaratieAntwoord(input) : buildHeenRetour(input);
}
