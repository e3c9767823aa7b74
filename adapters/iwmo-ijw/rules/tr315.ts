// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR315.md
import { typesFor, type Prestatie } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { allePrestaties } from './support/prestaties.ts';

export const TR315 = defineRule({
  id: 'TR315',
  element: 'ProductReferentie/VorigReferentieNummer',
  appliesTo: typesFor('323'),
  definitie: 'VorigReferentieNummer van de Prestatie moet uniek zijn in het bericht.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    // Across all clients; reported at the later element, once per earlier occurrence (as the XSLT).
    // Grouped first: a declaratie of 10,000 prestaties would otherwise cost 50 million comparisons.
    const seen = new Map<string, Prestatie[]>();
    for (const p of allePrestaties(msg)) {
      const vorig = p.productReferentie.vorigReferentieNummer;
      if (vorig === undefined) continue;
      const earlier = seen.get(vorig);
      if (earlier === undefined) {
        seen.set(vorig, [p]);
        continue;
      }
      for (const e of earlier) fail(`${p.productReferentie.path}/VorigReferentieNummer`, `ook in ${e.productReferentie.path}`);
      earlier.push(p);
    }
  },
});
