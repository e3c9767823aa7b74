// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR335
// Rule page: packages/api/wmo/bronnen/regels/technische-regels/xslt/TR335.md
import { typesFor } from '../model/index.ts';
import { addMonths, dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// No prestatie older than five years: the Einddatum of every ProductPeriode is on or after the
// DeclaratieDagtekening minus 60 months (the XSLT's monthsAfter −60; 29 February becomes the 28th).
// Exactly five years passes.
export const TR335 = defineRule({
  id: 'TR335',
  element: 'Prestatie/ProductPeriode/Einddatum',
  appliesTo: typesFor('323'),
  definitie: 'Einddatum mag niet meer dan 5 jaar voor DeclaratieDagtekening liggen.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    const grens = addMonths(msg.declaratie.declaratieDagtekening, -60, 'truncate');
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        if (dateNum(p.productPeriode.einddatum) < grens) fail(`${p.productPeriode.path}/Einddatum`, 'meer dan 5 jaar voor DeclaratieDagtekening');
      }
    }
  },
});
