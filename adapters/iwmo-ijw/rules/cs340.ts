// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS340
import { typesFor } from '../model/index.ts';
import { addDays, addMonths, dateParts } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// The DeclaratiePeriode of a 323 is exactly one calendar month. Two checks as in the XSLT: the Begindatum
// is the first of a month (reported at Begindatum), and the day after the Einddatum is the Begindatum plus
// one month (reported at Einddatum; the XSLT names Begindatum and Einddatum there). So a period that starts
// on the 2nd fails at least once, one that ends a day early fails once.
export const CS340 = defineRule({
  id: 'CS340',
  element: 'Declaratie/DeclaratiePeriode',
  appliesTo: typesFor('323'),
  definitie: 'De periode is exact gelijk aan 1 hele kalendermaand',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    const p = msg.declaratie.declaratiePeriode;
    if (dateParts(p.begindatum)[2] !== 1) fail(`${p.path}/Begindatum`, 'niet de eerste van de maand');
    if (addDays(p.einddatum, 1) !== addMonths(p.begindatum, 1, 'carry')) fail(`${p.path}/Einddatum`, 'niet de laatste dag van de maand');
  },
});
