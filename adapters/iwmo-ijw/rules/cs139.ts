// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS139
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { geboortedata } from './support/personen.ts';

// DatumGebruik against the parts of the Datum that are known: 1 (dag onbekend) needs day 01; 2 (dag en
// maand onbekend) needs 01-01; 3 (onbekend) needs 1900-01-01. The XSLT matches the Geboortedatum and reports
// Datum and DatumGebruik; the path here is DatumGebruik. On every Geboortedatum of the message, retours that
// copy the client included (issue 14: level 2 on retours).
function inOvereenstemming(datum: string, gebruik: string | undefined): boolean {
  switch (gebruik) {
    case '1': return datum.slice(8) === '01';
    case '2': return datum.slice(5) === '01-01';
    case '3': return datum === '1900-01-01';
    default: return true;
  }
}

export const CS139 = defineRule({
  id: 'CS139',
  element: 'Geboortedatum/DatumGebruik',
  appliesTo: typesFor('301', '302', '305', '306', '307', '308', '315', '316'),
  definitie: 'Voor Geboortedatum geldt dat DatumGebruik en Datum met elkaar in overeenstemming moeten zijn.',
  check(msg, fail) {
    for (const g of geboortedata(msg)) {
      if (!inOvereenstemming(g.datum, g.datumGebruik)) fail(`${g.path}/DatumGebruik`, `DatumGebruik ${g.datumGebruik}`);
    }
  },
});
