// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS337
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// A Prestatie's ProductPeriode lies within one calendar month. The XSLT checks the year and the month
// separately (checksameyear, checksamemonth), so a period from March 2023 to April 2024 fails twice; the 325
// is not checked. It reports Begindatum and Einddatum; the path here is Einddatum.
export const CS337 = defineRule({
  id: 'CS337',
  element: 'Prestatie/ProductPeriode/Einddatum',
  appliesTo: typesFor('323'),
  definitie: 'Einddatum in de ProductPeriode vullen met een datum die valt in dezelfde kalendermaand en jaar als de Begindatum van de ProductPeriode',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        // YYYYMMDD numbers: the year is n / 10000, the month (n / 100) % 100.
        const b = dateNum(p.productPeriode.begindatum), e = dateNum(p.productPeriode.einddatum);
        if (Math.floor(b / 10000) !== Math.floor(e / 10000)) fail(`${p.productPeriode.path}/Einddatum`, 'ander jaar dan Begindatum');
        if (Math.floor(b / 100) % 100 !== Math.floor(e / 100) % 100) fail(`${p.productPeriode.path}/Einddatum`, 'andere maand dan Begindatum');
      }
    }
  },
});
