// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS058
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// StatusAanlevering of a StartProduct (305) or StopProduct (307): 1 (eerste aanlevering) or 3 (verwijderen
// aanlevering); the XSD also admits 2 and 9.
const TOEGESTAAN: ReadonlySet<string> = new Set(['1', '3']);

export const CS058 = defineRule({
  id: 'CS058',
  element: 'StartProduct/StopProduct StatusAanlevering',
  appliesTo: typesFor('305', '307'),
  definitie: '1 (eerste aanlevering) of 3 (verwijderen aanlevering) vullen.',
  check(msg, fail) {
    const producten = msg.nummer === '305' ? msg.client.startProducten : msg.nummer === '307' ? msg.client.stopProducten : [];
    for (const p of producten) {
      if (!TOEGESTAAN.has(p.statusAanlevering)) fail(`${p.path}/StatusAanlevering`, `StatusAanlevering ${p.statusAanlevering}`);
    }
  },
});
