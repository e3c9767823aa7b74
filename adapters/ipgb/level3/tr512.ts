import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';
import { toegekendFunctieBudget } from './toegekend.ts';

export const TR512 = defineLevel3Rule({
  id: 'TR512',
  appliesTo: typesFor('507'),
  retourCode: '9512',
  definitie: 'Als FunctieBudgetBesteed hoger is dan het toegekende FunctieBudgetBedrag, moet RedenBudgetafsluiting 3 (bestedingsconflict) zijn.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '507') return;
    for (const f of msg.client.functieBudgettenBesteed) {
      const toegekend = await toegekendFunctieBudget(msg, f, ledger);
      if (toegekend && f.functieBudgetBesteed > toegekend.functieBudgetBedrag && f.redenBudgetafsluiting !== '3') fail(f, 'RedenBudgetafsluiting');
    }
  },
});
