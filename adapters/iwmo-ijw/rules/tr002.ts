// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR002.md
import type { Geboortedatum } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

export const TR002 = defineRule({
  id: 'TR002',
  appliesTo: typesFor('301', '305', '307', '315'),
  definitie: 'Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen, tenzij Geboortedatum onbekend is.',
  check(msg, fail) {
    const dates: Geboortedatum[] = [];
    if (msg.nummer === '301') {
      dates.push(msg.client.geboortedatum);
      for (const r of msg.client.relaties) if (r.geboortedatum) dates.push(r.geboortedatum);
    } else if (msg.nummer === '305' || msg.nummer === '307' || msg.nummer === '315') {
      dates.push(msg.client.geboortedatum);
    }
    const dagtekening = dateNum(msg.header.berichtIdentificatie.dagtekening);
    for (const g of dates) {
      // Unknown birth date: DatumGebruik 3 with Datum 1900-01-01.
      if (g.datumGebruik === '3' && g.datum === '1900-01-01') continue;
      // As the XSLT's checkYearsBetween: 120 years = +1200000 on the YYYYMMDD number; exactly 120 years passes.
      if (dateNum(g.datum) + 120 * 10000 < dagtekening) fail(`${g.path}/Datum`);
    }
  },
});
