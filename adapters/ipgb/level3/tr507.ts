import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

// No new TKB for a budget while the retour on the previous TKB for it is outstanding: neither for the budget
// itself (a resend) nor for the budget it replaces (BudgetIdentificatieOud).
export const TR507 = defineLevel3Rule({
  id: 'TR507',
  appliesTo: typesFor('501'),
  retourCode: '9507',
  definitie: 'Een vervolgbericht (zelfde budget, zelfde client, zelfde afzender) mag pas worden verstuurd als het retourbericht op het vorige bericht is ontvangen.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    for (const id of [b.budgetIdentificatie, b.budgetIdentificatieOud]) {
      if (id === undefined) continue;
      const known = await ledger.budget({ gemeente: msg.header.afzender, bsn: msg.client.bsn, budgetIdentificatie: id });
      if (known?.retourOpenstaand) {
        fail(msg.client, undefined, id === b.budgetIdentificatie ? 'retour op eerdere TKB van dit budget openstaand' : 'retour op TKB van het vervangen budget openstaand');
        return;
      }
    }
  },
});
