import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

// The in-message half of a withdrawal (OP505): amount 0 means one day, begin = end. TR514 (level 3) checks that
// this date is the begin date supplied earlier.
export const CD505 = defineRule({
  id: 'CD505',
  appliesTo: typesFor('501'),
  retourCode: 'D505',
  definitie: 'Als FunctieBudgetBedrag 0 is, dan moet de Einddatum gelijk zijn aan de Begindatum van de FunctieBudgetPeriode.',
  check(msg, fail) {
    for (const f of toekenningClient(msg)?.budget.functieBudgetten ?? []) {
      const p = f.functieBudgetPeriode;
      if (f.functieBudgetBedrag === 0 && p.einddatum !== p.begindatum) fail(f, 'FunctieBudgetPeriode/Einddatum');
    }
  },
});
