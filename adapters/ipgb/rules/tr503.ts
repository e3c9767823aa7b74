import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

export const TR503 = defineRule({
  id: 'TR503',
  appliesTo: typesFor('501'),
  retourCode: '9503',
  definitie: 'VerantwoordingsvrijBedrag moet kleiner dan of gelijk zijn aan het FunctieBudgetBedrag van dezelfde zorgfunctie.',
  check(msg, fail) {
    for (const f of toekenningClient(msg)?.budget.functieBudgetten ?? []) {
      if (f.verantwoordingsvrijBedrag !== undefined && f.verantwoordingsvrijBedrag > f.functieBudgetBedrag) fail(f, 'VerantwoordingsvrijBedrag');
    }
  },
});
