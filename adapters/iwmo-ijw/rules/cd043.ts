// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD043
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// BeschikkingIngangsdatum: filled exactly when BeschikkingNummer is.
export const CD043 = defineRule({
  id: 'CD043',
  element: 'AangevraagdProduct/BeschikkingIngangsdatum',
  appliesTo: typesFor('315'),
  definitie: 'Indien Beschikkingnummer gevuld is, verplicht vullen, anders leeg laten.',
  check(msg, fail) {
    if (msg.nummer !== '315') return;
    for (const p of msg.client.aangevraagdeProducten) {
      const nummer = gevuld(p.beschikkingNummer);
      const ingang = gevuld(p.beschikkingIngangsdatum);
      if (nummer && !ingang) fail(`${p.path}/BeschikkingNummer`, 'BeschikkingIngangsdatum ontbreekt');
      else if (ingang && !nummer) fail(`${p.path}/BeschikkingIngangsdatum`, 'BeschikkingNummer ontbreekt');
    }
  },
});
