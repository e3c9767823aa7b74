import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

/** OP529: a TKB only holds budgets valid after iPgb 2.0 went live. */
const EERSTE_DATUM = '2018-01-01';

export const TR511 = defineRule({
  id: 'TR511',
  appliesTo: typesFor('501'),
  retourCode: '9511',
  definitie: 'Indien gevuld, moet een begindatum groter dan of gelijk zijn aan 1-1-2018.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    const b = client.budget;
    if (b.budgetPeriode && b.budgetPeriode.begindatum < EERSTE_DATUM) fail(b, 'BudgetPeriode/Begindatum');
    for (const f of b.functieBudgetten) {
      if (f.functieBudgetPeriode.begindatum < EERSTE_DATUM) fail(f, 'FunctieBudgetPeriode/Begindatum');
    }
  },
});
