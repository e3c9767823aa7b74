import { classifyLo3 } from './lo3.ts';
import type { BrpBericht, BrpClassificatie } from './model.ts';
import { classifyNpsLk01 } from './stuf.ts';

/**
 * What a BRP message means for a watchlist (research/brp.md §5). Pure: the same message gives the
 * same result, the message is not changed, nothing is thrown for well-typed input.
 */
export function classifyMutation(bericht: BrpBericht): BrpClassificatie {
  return bericht.berichtType === 'npsLk01' ? classifyNpsLk01(bericht) : classifyLo3(bericht);
}
