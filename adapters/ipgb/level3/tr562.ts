import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

// BudgetIdentificatieOud must name a budget this gemeente sent for this client before: one the SVB accepted, or
// one whose retour is still outstanding (that case is TR507's). A budget that was only ever rejected was never
// granted, so it cannot be replaced.
export const TR562 = defineLevel3Rule({
  id: 'TR562',
  appliesTo: typesFor('501'),
  retourCode: '9562',
  definitie: 'Als BudgetIdentificatieOud gevuld is, moet er een eerder bericht van dezelfde afzender voor dezelfde client bestaan met die BudgetIdentificatie.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    if (b.budgetIdentificatieOud === undefined) return;
    const oud = await ledger.budget({ gemeente: msg.header.afzender, bsn: msg.client.bsn, budgetIdentificatie: b.budgetIdentificatieOud });
    if (!oud) fail(b, 'BudgetIdentificatieOud', 'onbekend budget');
    else if (!oud.geaccepteerd && !oud.retourOpenstaand) fail(b, 'BudgetIdentificatieOud', 'budget is nooit toegekend');
  },
});
