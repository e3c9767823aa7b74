// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/technische-regels/xslt/TR409.md
import { defineRule } from './support/define-rule.ts';

export const TR409 = defineRule({
  id: 'TR409',
  appliesTo: ['JW319'],
  definitie: 'Als RedenAfwijzingVerzoek ongelijk is aan 8 (Woonplaatsbeginsel), dan berichtklasse Woonplaatsbeginsel weglaten',
  check(msg, fail) {
    if (msg.nummer !== '319') return;
    const a = msg.antwoord;
    if (a.woonplaatsbeginsel && a.redenAfwijzingVerzoek !== '8') fail(a.woonplaatsbeginsel.path);
  },
});
