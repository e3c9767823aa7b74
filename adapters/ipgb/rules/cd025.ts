import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { alleContacten, toekenningClient } from './support.ts';

export const CD025 = defineRule({
  id: 'CD025',
  appliesTo: typesFor('501'),
  retourCode: 'D025',
  definitie: 'Als LandCode de waarde NL heeft, dan Huis verplicht vullen.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    for (const c of alleContacten(client)) if (c.adres?.landCode === 'NL' && !c.adres.huis) fail(c, 'Adres/LandCode', 'Huis ontbreekt');
  },
});
