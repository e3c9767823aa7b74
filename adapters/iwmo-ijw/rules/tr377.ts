// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/technische-regels/xslt/TR377.md
import { defineRule } from './support/define-rule.ts';

export const TR377 = defineRule({
  id: 'TR377',
  element: 'Antwoord/Woonplaatsbeginsel',
  // iJw only: iWmo's Antwoord has no Woonplaatsbeginsel class.
  appliesTo: ['JW319'],
  definitie: 'Indien RedenAfwijzingVerzoek de waarde 8 (Woonplaatsbeginsel) heeft, dan berichtklasse Woonplaatsbeginsel opnemen.',
  check(msg, fail) {
    if (msg.nummer !== '319') return;
    const a = msg.antwoord;
    if (a.redenAfwijzingVerzoek === '8' && !a.woonplaatsbeginsel) fail(a.path);
  },
});
