import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';
import { toegekendFunctieBudget } from './toegekend.ts';

export const TR513 = defineLevel3Rule({
  id: 'TR513',
  appliesTo: typesFor('507'),
  retourCode: '9513',
  definitie: 'Als VerantwoordingsvrijBedragBesteed hoger is dan het toegekende VerantwoordingsvrijBedrag, moet RedenBudgetafsluiting 3 (bestedingsconflict) zijn.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '507') return;
    for (const f of msg.client.functieBudgettenBesteed) {
      const toegekend = await toegekendFunctieBudget(msg, f, ledger);
      if (!toegekend || f.redenBudgetafsluiting === '3') continue;
      if ((f.verantwoordingsvrijBedragBesteed ?? 0) > (toegekend.verantwoordingsvrijBedrag ?? 0)) fail(f, 'RedenBudgetafsluiting');
    }
  },
});
