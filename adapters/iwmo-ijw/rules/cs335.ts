// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS335
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// A ToegewezenProduct with RedenWijziging 13 (verwijderd) has Einddatum = Ingangsdatum. As in the XSLT
// (checkDateEquals), only a product that has an Einddatum is compared; one without passes. The XSLT reports
// Ingangsdatum and Einddatum; the path here is Einddatum.
export const CS335 = defineRule({
  id: 'CS335',
  element: 'ToegewezenProduct/RedenWijziging',
  appliesTo: typesFor('301'),
  definitie: 'RedenWijziging 13 (verwijderd) mag alleen gebruikt worden indien de ingangsdatum gelijk is aan de einddatum',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    for (const p of msg.client.toegewezenProducten) {
      if (p.redenWijziging === '13' && p.einddatum !== undefined && dateNum(p.einddatum) !== dateNum(p.ingangsdatum)) {
        fail(`${p.path}/Einddatum`, 'Einddatum ongelijk aan Ingangsdatum');
      }
    }
  },
});
