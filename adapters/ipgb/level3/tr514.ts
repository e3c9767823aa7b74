import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

// A withdrawal (FunctieBudgetBedrag 0, OP505) targets a function budget granted earlier: the replaced budget
// (BudgetIdentificatieOud), else this budget's accepted version, must hold the same zorgfunctie beginning on the
// withdrawal's Einddatum.
export const TR514 = defineLevel3Rule({
  id: 'TR514',
  appliesTo: typesFor('501'),
  retourCode: '9514',
  definitie: 'Bij een FunctieBudgetBedrag van 0 moet de Einddatum van de FunctieBudgetPeriode gelijk zijn aan de oorspronkelijk aangeleverde Begindatum.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    const intrekkingen = b.functieBudgetten.filter((f) => f.functieBudgetBedrag === 0);
    if (intrekkingen.length === 0) return;
    const eerder = await ledger.budget({ gemeente: msg.header.afzender, bsn: msg.client.bsn, budgetIdentificatie: b.budgetIdentificatieOud ?? b.budgetIdentificatie });
    for (const f of intrekkingen) {
      const match = eerder?.functieBudgetten.some((e) => e.zorgfunctie === f.zorgfunctie && e.begindatum === f.functieBudgetPeriode.einddatum);
      if (!match) fail(f, 'FunctieBudgetBedrag', 'geen eerder toegekend functiebudget met die begindatum');
    }
  },
});
