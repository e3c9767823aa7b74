// CS338 and CS343: a product whose Eenheid is a duration or an amount (14 etmaal, 16 dagdeel, 83 euro,
// 84 stuks inspanning) and that runs past 2020 is assigned per week, per month or for the whole period.
import type { Omvang } from '../../model/index.ts';
import type { Fail } from './define-rule.ts';
import { looptNa2020 } from './product-regels.ts';

const EENHEDEN: ReadonlySet<string> = new Set(['14', '16', '83', '84']);
const FREQUENTIES: ReadonlySet<string> = new Set(['2', '4', '6']);

/** Fails at the Eenheid (the element the XSLT matches; it also reports Frequentie and the end date). */
export function checkFrequentie(omvang: Omvang | undefined, einddatum: string | undefined, fail: Fail): void {
  if (!omvang || !looptNa2020(einddatum) || !EENHEDEN.has(omvang.eenheid) || FREQUENTIES.has(omvang.frequentie)) return;
  fail(`${omvang.path}/Eenheid`, `Eenheid ${omvang.eenheid}, Frequentie ${omvang.frequentie}`);
}
