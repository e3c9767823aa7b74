// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR137.md
import type { GeslotenPeriode } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { isAfter } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

export const TR137 = defineRule({
  id: 'TR137',
  element: 'Einddatum of a DeclaratiePeriode or ProductPeriode',
  appliesTo: typesFor('323', '325'),
  definitie: 'Vullen met een waarde die groter is dan, of gelijk is aan de Begindatum van de aangeduide periode én die niet groter is dan de Dagtekening van het bericht.',
  check(msg, fail) {
    const periods: GeslotenPeriode[] = [];
    if (msg.nummer === '323') {
      periods.push(msg.declaratie.declaratiePeriode);
      for (const c of msg.declaratie.clienten) for (const p of c.prestaties) periods.push(p.productPeriode);
    } else if (msg.nummer === '325') {
      for (const c of msg.declaratieAntwoord?.clienten ?? []) for (const p of c.prestaties) periods.push(p.productPeriode);
    }
    const dagtekening = msg.header.berichtIdentificatie.dagtekening;
    // Two separate checks as in the XSLT, so one Einddatum can fail twice.
    for (const p of periods) {
      if (isAfter(p.begindatum, p.einddatum)) fail(`${p.path}/Einddatum`, 'voor Begindatum');
      if (isAfter(p.einddatum, dagtekening)) fail(`${p.path}/Einddatum`, 'na Dagtekening');
    }
  },
});
