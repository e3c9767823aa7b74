import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { alleContacten, toekenningClient } from './support.ts';

// LandCode: mandatory when Postcode is filled, otherwise empty. Reported on the element that is there without
// its partner.
export const CD005 = defineRule({
  id: 'CD005',
  appliesTo: typesFor('501'),
  retourCode: 'D005',
  definitie: 'Als Postcode gevuld is, dan LandCode verplicht vullen, anders leeg laten.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    for (const c of alleContacten(client)) {
      const a = c.adres;
      if (!a) continue;
      if (a.postcode !== undefined && a.landCode === undefined) fail(c, 'Adres/Postcode', 'LandCode ontbreekt');
      else if (a.landCode !== undefined && a.postcode === undefined) fail(c, 'Adres/LandCode', 'Postcode ontbreekt');
    }
  },
});
