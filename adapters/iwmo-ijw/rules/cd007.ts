// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), template *[Taal | Vorm]
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';
import { communicatie } from './support/personen.ts';

// Communicatie/Taal: filled exactly when Vorm is 1 (tolk taal). Also on the 302 that copies the client.
export const CD007 = defineRule({
  id: 'CD007',
  element: 'Communicatie/Taal',
  appliesTo: typesFor('301', '302'),
  definitie: 'Als Communicatie / Vorm de waarde 1 (tolk taal) heeft, dan verplicht vullen, anders leeglaten.',
  check(msg, fail) {
    const c = communicatie(msg);
    if (!c) return;
    const taal = gevuld(c.taal);
    if (taal && c.vorm !== '1') fail(`${c.path}/Taal`, `Vorm ${c.vorm}`);
    else if (!taal && c.vorm === '1') fail(`${c.path}/Vorm`, 'Taal ontbreekt');
  },
});
