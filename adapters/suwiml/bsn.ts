/** A BSN: 9 digits, not all zero, passing the 11-proef (9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 mod 11). */
export function isValidBsn(bsn: string): boolean {
  if (!/^[0-9]{9}$/.test(bsn) || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(bsn[i]);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}
