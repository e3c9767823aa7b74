// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS050
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { volledigeNamen } from './support/personen.ts';

// NaamGebruik against Partnernaam, on every VolledigeNaam (the client's and each Relatie's). With a
// Partnernaam: 1, 2, 3 or 4. Without: 1 in iWmo; 1 or 6 (niet-natuurlijk persoon) in iJw, where CS318 then
// keeps 6 away from the client itself. The iWmo XSLT allows only 1 without a Partnernaam although a 2022
// iWmo rule table reads "1 of 6": this follows the XSLT, the check partners run. The XSLT reports Partnernaam
// and NaamGebruik; the path here is NaamGebruik, the element the rule is on. A constraint on the data type,
// so it also applies to the 302 that copies the client (issue 14: level 2 on retours).
const MET_PARTNER: ReadonlySet<string> = new Set(['1', '2', '3', '4']);
const ZONDER_PARTNER = { iwmo: new Set(['1']), ijw: new Set(['1', '6']) } as const satisfies Record<string, ReadonlySet<string>>;

export const CS050 = defineRule({
  id: 'CS050',
  element: 'Naam/NaamGebruik',
  appliesTo: typesFor('301', '302'),
  definitie: 'Als Partnernaam gevuld is, dan NaamGebruik vullen met waarde 1, 2, 3 of 4. Anders waarde 1 vullen (iJw: 1 of 6).',
  check(msg, fail) {
    for (const naam of volledigeNamen(msg)) {
      const toegestaan = naam.partnernaam ? MET_PARTNER : ZONDER_PARTNER[msg.standaard];
      if (!toegestaan.has(naam.naamGebruik)) {
        fail(`${naam.path}/NaamGebruik`, `NaamGebruik ${naam.naamGebruik} ${naam.partnernaam ? 'met' : 'zonder'} Partnernaam`);
      }
    }
  },
});
