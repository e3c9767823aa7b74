import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { alleContacten, toekenningClient } from './support.ts';

const NL_POSTCODE = /^[1-9][0-9]{3}[a-zA-Z]{2}$/;

export const CS089 = defineRule({
  id: 'CS089',
  appliesTo: typesFor('501'),
  retourCode: 'S089',
  definitie: 'Als LandCode de waarde NL heeft, moet Postcode voldoen aan het patroon [1-9][0-9]{3}[a-zA-Z]{2}.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    for (const c of alleContacten(client)) {
      const a = c.adres;
      if (a?.landCode === 'NL' && a.postcode !== undefined && !NL_POSTCODE.test(a.postcode)) fail(c, 'Adres/Postcode');
    }
  },
});
