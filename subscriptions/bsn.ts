// Burgerservicenummer checks (the 11-proef as in CS002 of the iStandaarden and the Wet algemene bepalingen
// BSN): 9 digits, Σ dᵢ·(9−i) for the first eight minus the ninth is a multiple of 11, and not all zeros.

export type BsnProblem = 'pattern' | 'elfproef';

/** Why a value is no BSN, or undefined when it is one. Never echoes the value. */
export function bsnProblem(value: string): BsnProblem | undefined {
  if (value.length !== 9) return 'pattern';
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 'pattern';
    sum += i < 8 ? d * (9 - i) : -d;
  }
  if (value === '000000000' || sum % 11 !== 0) return 'elfproef';
  return undefined;
}

export function isBsn(value: string): boolean {
  return bsnProblem(value) === undefined;
}

export const BSN_PROBLEM_TEXT: Readonly<Record<BsnProblem, string>> = {
  pattern: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.',
  elfproef: 'Waarde is geen geldig burgerservicenummer: de elfproef klopt niet.',
};
