// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR316.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { allePrestaties, groupBy } from './support/prestaties.ts';

export const TR316 = defineRule({
  id: 'TR316',
  element: 'ProductReferentie/VorigReferentieNummer',
  appliesTo: typesFor('323'),
  definitie: 'Debetregels mogen niet in hetzelfde bericht gecrediteerd worden.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    // A VorigReferentieNummer may not name any ReferentieNummer in the same message (its own included),
    // whichever comes first. Reported at the crediting VorigReferentieNummer, once per pair.
    const prestaties = allePrestaties(msg);
    const byReferentie = groupBy(prestaties, (p) => p.productReferentie.referentieNummer);
    prestaties.forEach((credit) => {
      const vorig = credit.productReferentie.vorigReferentieNummer;
      if (vorig === undefined) return;
      for (const debet of byReferentie.get(vorig) ?? []) {
        const detail = debet === credit ? 'gelijk aan eigen ReferentieNummer' : `crediteert ${debet.productReferentie.path}`;
        fail(`${credit.productReferentie.path}/VorigReferentieNummer`, detail);
      }
    });
  },
});
