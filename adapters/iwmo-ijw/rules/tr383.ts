// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR383.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

export const TR383 = defineRule({
  id: 'TR383',
  element: 'AangevraagdProduct/ReferentieAanbieder',
  appliesTo: typesFor('315'),
  definitie: 'ReferentieAanbieder is uniek voor elk AangevraagdProduct binnen het bericht.',
  check(msg, fail) {
    if (msg.nummer !== '315') return;
    // One failure per earlier product with the same value, as in the XSLT. The same duplicate also breaks
    // TR101, whose key for AangevraagdProduct is ReferentieAanbieder: the official check reports both.
    const producten = msg.client.aangevraagdeProducten;
    producten.forEach((p, i) => {
      for (let j = 0; j < i; j++) {
        const earlier = producten[j];
        if (earlier?.referentieAanbieder === p.referentieAanbieder) {
          fail(`${p.path}/ReferentieAanbieder`, `ook in ${earlier.path}`);
        }
      }
    });
  },
});
