import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

const overlap = (a: { begindatum: string; einddatum: string }, b: { begindatum: string; einddatum: string }): boolean =>
  a.begindatum <= b.einddatum && b.begindatum <= a.einddatum;

// One verstrekker may not grant the same zorgfunctie twice at the same time to one budgethouder (OP508). Allowed
// overlaps: a withdrawal (one day, amount 0) and the budget being replaced (BudgetIdentificatieOud). Budgets that
// were replaced or never accepted do not count.
export const TR502 = defineLevel3Rule({
  id: 'TR502',
  appliesTo: typesFor('501'),
  retourCode: '9502',
  definitie: 'Als een verstrekker dezelfde zorgfunctie meer dan eens aan dezelfde budgethouder toekent, mogen de geldigheidsperiodes alleen overlappen bij intrekking of bij een gewijzigd budget.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    const toetsen = b.functieBudgetten.filter((f) => f.functieBudgetBedrag > 0);
    if (toetsen.length === 0) return;
    const anderen = (await ledger.budgetten({ gemeente: msg.header.afzender, bsn: msg.client.bsn, wet: msg.wet }))
      .filter((o) => o.geaccepteerd && !o.vervangen && o.budgetIdentificatie !== b.budgetIdentificatie && o.budgetIdentificatie !== b.budgetIdentificatieOud);
    for (const f of toetsen) {
      const botsing = anderen.find((o) => o.functieBudgetten.some((e) =>
        e.zorgfunctie === f.zorgfunctie && e.functieBudgetBedrag > 0 && overlap({ begindatum: e.begindatum, einddatum: e.einddatum }, f.functieBudgetPeriode)));
      if (botsing) fail(f, 'Zorgfunctie', 'overlapt met een ander toegekend budget');
    }
  },
});
