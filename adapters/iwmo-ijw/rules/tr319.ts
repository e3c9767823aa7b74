// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR319
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// Every Prestatie of a 323 lies in the current or an earlier declaratieperiode: neither the Begindatum nor
// the Einddatum of its ProductPeriode is after the DeclaratiePeriode's Einddatum. Two checks as in the XSLT
// (checkafter twice), so a prestatie wholly in a later month fails at both dates. The XSLT also names the
// DeclaratiePeriode/Einddatum; the path here is the prestatie's own date.
export const TR319 = defineRule({
  id: 'TR319',
  element: 'Prestatie/ProductPeriode',
  appliesTo: typesFor('323'),
  definitie: 'Een declaratiebericht bevat alleen prestaties waarvan de ProductPeriode valt binnen de huidige, of een voorgaande declaratieperiode.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    const laatste = dateNum(msg.declaratie.declaratiePeriode.einddatum);
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        const pp = p.productPeriode;
        if (dateNum(pp.begindatum) > laatste) fail(`${pp.path}/Begindatum`, 'na de DeclaratiePeriode');
        if (dateNum(pp.einddatum) > laatste) fail(`${pp.path}/Einddatum`, 'na de DeclaratiePeriode');
      }
    }
  },
});
