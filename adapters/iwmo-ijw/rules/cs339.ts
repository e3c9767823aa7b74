// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS339
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// A Prestatie in euro's (Eenheid 83, so without ProductTarief by CD087) declares its amount as the volume:
// IngediendBedrag/Bedrag = GeleverdVolume, both in eurocent. Compared as numbers (xs:integer), as the XSLT's
// checkRelation does with < on the two elements, so 05000 equals 5000. The XSLT reports GeleverdVolume and
// Bedrag; the path here is Bedrag. The 325 is not checked.
export const CS339 = defineRule({
  id: 'CS339',
  element: 'Prestatie/IngediendBedrag/Bedrag',
  appliesTo: typesFor('323'),
  definitie: "Indien Eenheid de waarde 83 (euro's) heeft, moet IngediendBedrag gelijk zijn aan GeleverdVolume.",
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        if (p.eenheid === '83' && p.ingediendBedrag.bedrag !== p.geleverdVolume) {
          fail(`${p.ingediendBedrag.path}/Bedrag`, `Bedrag ${p.ingediendBedrag.bedrag}, GeleverdVolume ${p.geleverdVolume}`);
        }
      }
    }
  },
});
