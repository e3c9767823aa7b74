// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR006.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

export const TR006 = defineRule({
  id: 'TR006',
  element: 'Contact',
  appliesTo: typesFor('301'),
  definitie: 'De berichtklasse Contact moet een berichtelement Telefoon, en/of de combinatie Huis en Postcode bevatten.',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    // Every Contact class: the one in each Relatie and those in Contactgegevens, in document order.
    const contacts = [...msg.client.relaties.map((r) => r.contact), ...msg.client.contactgegevens];
    for (const c of contacts) {
      if (!c.telefoon && !(c.adres?.huis && c.adres.postcode !== undefined)) fail(c.path);
    }
  },
});
