import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';
import { toegekendFunctieBudget } from './toegekend.ts';

export const TR510 = defineLevel3Rule({
  id: 'TR510',
  appliesTo: typesFor('507'),
  retourCode: '9510',
  definitie: 'Een budgetafsluiting moet betrekking hebben op een toegekend budget: er moet een eerdere toekenning zijn voor hetzelfde functiebudget (verstrekker, periode, zorgfunctie, wet).',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '507') return;
    for (const f of msg.client.functieBudgettenBesteed) {
      if ((await toegekendFunctieBudget(msg, f, ledger)) === null) fail(f);
    }
  },
});
