import { typesFor } from '../messages.ts';
import type { ModelNode, Periode } from '../model/types.ts';
import { defineRule, type Fail } from './define-rule.ts';
import { isAfter } from './support.ts';

function check(node: ModelNode, name: string, p: Periode | undefined, fail: Fail): void {
  if (p && isAfter(p.begindatum, p.einddatum)) fail(node, `${name}/Einddatum`);
}

export const CS003 = defineRule({
  id: 'CS003',
  appliesTo: typesFor('501', '507'),
  retourCode: 'S003',
  definitie: 'Indien van toepassing vullen met een waarde die groter is dan, of gelijk is aan de Begindatum van de aangeduide periode.',
  check(msg, fail) {
    if (msg.nummer === '501') {
      const b = msg.client.budget;
      check(b, 'BudgetPeriode', b.budgetPeriode, fail);
      for (const f of b.functieBudgetten) check(f, 'FunctieBudgetPeriode', f.functieBudgetPeriode, fail);
    } else if (msg.nummer === '507') {
      for (const f of msg.client.functieBudgettenBesteed) check(f, 'BestedingsPeriode', f.bestedingsPeriode, fail);
    }
  },
});
