import { typesFor } from '../messages.ts';
import type { ModelNode } from '../model/types.ts';
import { defineRule, type Fail } from './define-rule.ts';
import { toekenningClient } from './support.ts';

function duplicates<T extends ModelNode>(items: readonly T[], key: (item: T) => string, fail: Fail): void {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first) fail(item, undefined, `zelfde logische sleutel als ${first.path}`);
    else seen.set(k, item);
  }
}

// The logical key of a class plus those of its parents must be unique in the message: Relatie.Nummer per
// client, and (inferred, ipgb.md §4.3) Zorgfunctie + FunctieBudgetPeriode per Budget. Reported on the later one.
export const TR101 = defineRule({
  id: 'TR101',
  appliesTo: typesFor('501'),
  retourCode: '9101',
  definitie: 'Binnen een bericht zijn dubbele regels niet toegestaan.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    duplicates(client.relaties, (r) => r.nummer, fail);
    duplicates(client.budget.functieBudgetten, (f) => JSON.stringify([f.zorgfunctie, f.functieBudgetPeriode.begindatum, f.functieBudgetPeriode.einddatum]), fail);
  },
});
