// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/technische-regels/xslt/TR409.md; template
// packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR409
import { defineRule } from './support/define-rule.ts';

export const TR409 = defineRule({
  id: 'TR409',
  element: 'Antwoord/Woonplaatsbeginsel',
  appliesTo: ['JW319'],
  definitie: 'Als RedenAfwijzingVerzoek ongelijk is aan 8 (Woonplaatsbeginsel), dan berichtklasse Woonplaatsbeginsel weglaten',
  check(msg, fail) {
    if (msg.nummer !== '319') return;
    const a = msg.antwoord;
    // The XSLT matches RedenAfwijzingVerzoek itself: a JW319 without a reason (VerzoekAntwoord 2, in
    // onderzoek) may carry a Woonplaatsbeginsel. Only a reason that is there and is not 8 forbids it.
    if (a.woonplaatsbeginsel && a.redenAfwijzingVerzoek !== undefined && a.redenAfwijzingVerzoek !== '8') fail(a.woonplaatsbeginsel.path);
  },
});
