// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR352.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

export const TR352 = defineRule({
  id: 'TR352',
  element: 'Verzoek',
  appliesTo: typesFor('317'),
  definitie: 'Bij een verzoek om wijziging komt minstens 1 OngewijzigdProduct of TeWijzigenProduct voor.',
  check(msg, fail) {
    if (msg.nummer !== '317') return;
    const v = msg.client.verzoek;
    if (v.ongewijzigdeProducten.length === 0 && v.teWijzigenProducten.length === 0) fail(v.path);
  },
});
