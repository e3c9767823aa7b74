// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR353.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

export const TR353 = defineRule({
  id: 'TR353',
  element: 'Verzoek',
  appliesTo: typesFor('317'),
  definitie: 'Bij een verzoek om wijziging komt minstens 1 TeWijzigenProduct of NieuwProduct voor.',
  check(msg, fail) {
    if (msg.nummer !== '317') return;
    const v = msg.client.verzoek;
    if (v.teWijzigenProducten.length === 0 && v.nieuweProducten.length === 0) fail(v.path);
  },
});
