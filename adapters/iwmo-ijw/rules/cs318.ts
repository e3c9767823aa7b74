// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS318
import { defineRule } from './support/define-rule.ts';

// iJw only: the client of a JW301 is a natural person, so its NaamGebruik is never 6 (niet-natuurlijk
// persoon); a Relatie may be one (CS050 allows 6 there without a Partnernaam). The iWmo XSLT has no CS318.
export const CS318 = defineRule({
  id: 'CS318',
  element: 'Client/Naam/NaamGebruik',
  appliesTo: ['JW301'],
  definitie: 'NaamGebruik 6 (Niet-natuurlijk persoon) niet vullen.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    const naam = msg.client.naam;
    if (naam.naamGebruik === '6') fail(`${naam.path}/NaamGebruik`);
  },
});
