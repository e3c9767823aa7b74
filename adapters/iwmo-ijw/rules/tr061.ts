// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR061.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

const WOON_OF_POST_ADRES: ReadonlySet<string> = new Set(['01', '02', '03']);

export const TR061 = defineRule({
  id: 'TR061',
  element: 'Client/Contactgegevens',
  appliesTo: typesFor('301'),
  definitie: "Bij een Client moet minimaal één Adres voorkomen waarvan Soort de waarde '01' (BRP-adres), '02' (Correspondentie-adres) of '03' (Verblijfadres) heeft.",
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    // The XSLT looks at the client's own Contactgegevens only, not at the contacts of relations.
    if (!msg.client.contactgegevens.some((c) => WOON_OF_POST_ADRES.has(c.soort))) fail(`${msg.client.path}/Contactgegevens`);
  },
});
