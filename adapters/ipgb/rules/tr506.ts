import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { alleContacten, toekenningClient } from './support.ts';

export const TR506 = defineRule({
  id: 'TR506',
  appliesTo: typesFor('501'),
  retourCode: '9506',
  definitie: 'Een adres bevat minimaal Huis en Postcode.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    for (const c of alleContacten(client)) {
      if (c.adres && (!c.adres.huis || c.adres.postcode === undefined)) fail(c, 'Adres', !c.adres.huis ? 'Huis ontbreekt' : 'Postcode ontbreekt');
    }
  },
});
