// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD087
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

// Prestatie/ProductTarief: filled exactly when the Eenheid is not 83 (euro's).
export const CD087 = defineRule({
  id: 'CD087',
  element: 'Prestatie/ProductTarief',
  appliesTo: typesFor('323'),
  definitie: "Als eenheid ongelijk is aan 83 (euro's) dan verplicht vullen, anders leeg laten.",
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        const tarief = gevuld(p.productTarief);
        if (p.eenheid !== '83' && !tarief) fail(`${p.path}/Eenheid`, `Eenheid ${p.eenheid}, ProductTarief ontbreekt`);
        else if (p.eenheid === '83' && tarief) fail(`${p.path}/ProductTarief`, 'Eenheid 83');
      }
    }
  },
});
