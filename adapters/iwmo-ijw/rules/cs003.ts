// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/condities-constraints/Condities_constraints_per_data-element.md (CS003)
import type { Contact } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { isAfter } from './support/dates.ts';
import { defineRule, type Fail } from './support/define-rule.ts';

// End date not before its begin date, on the elements the official XSLT names (mode CS003).
function checkEnd(begin: string | undefined, end: string | undefined, endPath: string, fail: Fail): void {
  if (end === undefined) return;
  // The XSLT's checkafter also fails when the begin date is absent (only possible in a Contact/Periode).
  if (begin === undefined || isAfter(begin, end)) fail(endPath);
}

function checkContact(c: Contact, fail: Fail): void {
  if (c.periode) checkEnd(c.periode.begindatum, c.periode.einddatum, `${c.periode.path}/Einddatum`, fail);
}

export const CS003 = defineRule({
  id: 'CS003',
  element: 'Einddatum of a period (product, contact)',
  appliesTo: typesFor('301', '315', '317'),
  definitie: 'Indien van toepassing vullen met een waarde die groter is dan, of gelijk is aan de Begindatum (of Ingangsdatum) van de aangeduide periode.',
  check(msg, fail) {
    if (msg.nummer === '301') {
      for (const r of msg.client.relaties) checkContact(r.contact, fail);
      for (const c of msg.client.contactgegevens) checkContact(c, fail);
      for (const p of msg.client.toegewezenProducten) checkEnd(p.ingangsdatum, p.einddatum, `${p.path}/Einddatum`, fail);
    } else if (msg.nummer === '315') {
      for (const p of msg.client.aangevraagdeProducten) {
        checkEnd(p.toewijzingIngangsdatum, p.toewijzingEinddatum, `${p.path}/ToewijzingEinddatum`, fail);
      }
    } else if (msg.nummer === '317') {
      const v = msg.client.verzoek;
      for (const p of [...v.teWijzigenProducten, ...v.nieuweProducten]) {
        checkEnd(p.gewensteIngangsdatum, p.einddatum, `${p.path}/Einddatum`, fail);
      }
    }
  },
});
