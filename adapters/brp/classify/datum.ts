// JJJJMMDD with 00 for unknown parts (LO3 and StUF-BG) → BrpDatum.
import type { BrpDatum } from './model.ts';

const ONBEKEND = (bron: string): BrpDatum => ({ iso: null, precisie: 'onbekend', bron });

const DAGEN_PER_MAAND = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `20250901` → 2025-09-01 (dag), `20250900` → 2025-09 (maand), `20250000` → 2025 (jaar),
 * `00000000`, `''`, absent or not a date → iso null (onbekend). A day that cannot exist (20250231)
 * is onbekend too, so a matcher never sees an impossible date.
 */
export function brpDatum(waarde: string | undefined): BrpDatum {
  if (waarde === undefined || waarde.length !== 8) return ONBEKEND(waarde ?? '');
  for (let i = 0; i < 8; i++) {
    const c = waarde.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return ONBEKEND(waarde);
  }
  const jaar = waarde.slice(0, 4);
  const maand = Number(waarde.slice(4, 6));
  const dag = Number(waarde.slice(6, 8));
  if (jaar === '0000' || maand > 12 || (maand === 0 && dag !== 0)) return ONBEKEND(waarde);
  if (maand === 0) return { iso: jaar, precisie: 'jaar', bron: waarde };
  const mm = waarde.slice(4, 6);
  if (dag === 0) return { iso: `${jaar}-${mm}`, precisie: 'maand', bron: waarde };
  if (dag > DAGEN_PER_MAAND[maand - 1]! || (maand === 2 && dag === 29 && !isSchrikkeljaar(Number(jaar)))) return ONBEKEND(waarde);
  return { iso: `${jaar}-${mm}-${waarde.slice(6, 8)}`, precisie: 'dag', bron: waarde };
}

function isSchrikkeljaar(jaar: number): boolean {
  return (jaar % 4 === 0 && jaar % 100 !== 0) || jaar % 400 === 0;
}
