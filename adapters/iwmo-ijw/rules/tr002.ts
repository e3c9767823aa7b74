// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR002.md
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';
import { geboortedata } from './support/personen.ts';

export const TR002 = defineRule({
  id: 'TR002',
  element: 'Geboortedatum/Datum',
  // The XSLT matches every Geboortedatum/Datum; the standard applies the rule to every message with a
  // birth date, so the retours that copy the client (302, 306, 308, 316) are checked against the
  // Dagtekening in their copied header too (issue 14: level 2 on retours).
  appliesTo: typesFor('301', '302', '305', '306', '307', '308', '315', '316'),
  definitie: 'Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen, tenzij Geboortedatum onbekend is.',
  check(msg, fail) {
    const dagtekening = dateNum(msg.header.berichtIdentificatie.dagtekening);
    for (const g of geboortedata(msg)) {
      // Unknown birth date: DatumGebruik 3 with Datum 1900-01-01.
      if (g.datumGebruik === '3' && g.datum === '1900-01-01') continue;
      // As the XSLT's checkYearsBetween: 120 years = +1200000 on the YYYYMMDD number; exactly 120 years passes.
      if (dateNum(g.datum) + 120 * 10000 < dagtekening) fail(`${g.path}/Datum`);
    }
  },
});
