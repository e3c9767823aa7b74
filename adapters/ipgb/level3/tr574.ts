import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

// Afzender + Bsn + BudgetIdentificatie unique across messages. Only an accepted TKB uses the identification up
// (ipgb.md §6 #10): a corrected resend of a rejected TKB may carry the same BudgetIdentificatie.
export const TR574 = defineLevel3Rule({
  id: 'TR574',
  appliesTo: typesFor('501'),
  retourCode: '9574',
  definitie: 'Elk Budget krijgt een BudgetIdentificatie die per client per verstrekker uniek is.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    const known = await ledger.budget({ gemeente: msg.header.afzender, bsn: msg.client.bsn, budgetIdentificatie: b.budgetIdentificatie });
    if (known?.geaccepteerd) fail(b, 'BudgetIdentificatie');
  },
});
