// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR315.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { allePrestaties } from './support/prestaties.ts';

export const TR315 = defineRule({
  id: 'TR315',
  appliesTo: typesFor('323'),
  definitie: 'VorigReferentieNummer van de Prestatie moet uniek zijn in het bericht.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    // Across all clients; reported at the later element, once per earlier occurrence (as the XSLT).
    const prestaties = allePrestaties(msg);
    prestaties.forEach((p, i) => {
      const vorig = p.productReferentie.vorigReferentieNummer;
      if (vorig === undefined) return;
      for (let j = 0; j < i; j++) {
        const earlier = prestaties[j];
        if (earlier?.productReferentie.vorigReferentieNummer === vorig) {
          fail(`${p.productReferentie.path}/VorigReferentieNummer`, `ook in ${earlier.productReferentie.path}`);
        }
      }
    });
  },
});
