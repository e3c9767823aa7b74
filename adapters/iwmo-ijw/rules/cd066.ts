// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD066
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { verwijzers, ZORGVERLENER_TYPES } from './support/verwijzers.ts';

// Verwijzer/Naam: left empty when a care professional is identified by ZorgverlenerCode.
export const CD066 = defineRule({
  id: 'CD066',
  element: 'Verwijzer/Naam',
  appliesTo: typesFor('315'),
  definitie: 'Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is gevuld, dan is Naamverwijzer leeg.',
  check(msg, fail) {
    for (const v of verwijzers(msg)) {
      if (ZORGVERLENER_TYPES.has(v.type) && gevuld(v.zorgverlenerCode) && gevuld(v.naam)) fail(`${v.path}/Naam`, `Type ${v.type}`);
    }
  },
});
