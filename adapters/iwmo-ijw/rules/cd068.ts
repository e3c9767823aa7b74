// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD068
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { verwijzers, ZORGVERLENER_TYPES } from './support/verwijzers.ts';

// Verwijzer/ZorgverlenerCode: only for a care professional (Type 02–05).
export const CD068 = defineRule({
  id: 'CD068',
  element: 'Verwijzer/ZorgverlenerCode',
  appliesTo: typesFor('315'),
  definitie: 'Als type verwijzer ongelijk is aan 02, 03, 04 of 05, dan is ZorgverlenerCode leeg.',
  check(msg, fail) {
    for (const v of verwijzers(msg)) {
      if (!ZORGVERLENER_TYPES.has(v.type) && gevuld(v.zorgverlenerCode)) fail(`${v.path}/ZorgverlenerCode`, `Type ${v.type}`);
    }
  },
});
