// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR018.md
import { typesFor } from '../model/index.ts';
import { isAfter } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

export const TR018 = defineRule({
  id: 'TR018',
  element: 'StopProduct/Einddatum',
  // Only StopProduct (307), as in the rule's "Gebruik in berichten" and the XSLT; other end dates are CS003.
  appliesTo: typesFor('307'),
  definitie: 'Einddatum moet groter dan of gelijk zijn aan Begindatum.',
  check(msg, fail) {
    if (msg.nummer !== '307') return;
    for (const p of msg.client.stopProducten) if (isAfter(p.begindatum, p.einddatum)) fail(`${p.path}/Einddatum`);
  },
});
