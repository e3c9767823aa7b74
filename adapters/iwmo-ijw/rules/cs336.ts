// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS336
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// RedenWijziging 01 (administratieve correctie) is vervallen in 3.2 but still in the XSD's code list.
export const CS336 = defineRule({
  id: 'CS336',
  element: 'ToegewezenProduct/RedenWijziging',
  appliesTo: typesFor('301'),
  definitie: '01 (Administratieve correctie (vervallen)) niet gebruiken',
  check(msg, fail) {
    if (msg.nummer !== '301') return;
    for (const p of msg.client.toegewezenProducten) if (p.redenWijziging === '01') fail(`${p.path}/RedenWijziging`);
  },
});
