// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD067
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { verwijzers, ZORGVERLENER_TYPES } from './support/verwijzers.ts';

// Verwijzer/Naam: required when a care professional has no ZorgverlenerCode. Both are absent then, so the
// XSLT's only Locatie is the Type.
export const CD067 = defineRule({
  id: 'CD067',
  element: 'Verwijzer/Naam',
  appliesTo: typesFor('315'),
  definitie: 'Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is leeg, dan is Naamverwijzer gevuld.',
  check(msg, fail) {
    for (const v of verwijzers(msg)) {
      if (ZORGVERLENER_TYPES.has(v.type) && !gevuld(v.zorgverlenerCode) && !gevuld(v.naam)) fail(`${v.path}/Type`, `Type ${v.type}`);
    }
  },
});
