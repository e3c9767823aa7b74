// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5, same template in both), mode CD060
import type { CanonicalMessage, DeclaratieClient } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { gevuld } from './support/gevuld.ts';

function clientenOf(msg: CanonicalMessage): DeclaratieClient[] {
  if (msg.nummer === '323') return msg.declaratie.clienten;
  if (msg.nummer === '325') return msg.declaratieAntwoord?.clienten ?? [];
  return [];
}

// ProductReferentie/VorigReferentieNummer: filled exactly when the Prestatie is a credit (DebetCredit C).
// The XSLT checks the Prestaties of the 323 and of the 325.
export const CD060 = defineRule({
  id: 'CD060',
  element: 'ProductReferentie/VorigReferentieNummer',
  appliesTo: typesFor('323', '325'),
  definitie: 'Verplicht vullen indien DebetCredit bij het ingediende bedrag de waarde C (credit) heeft, anders leeg laten.',
  check(msg, fail) {
    for (const c of clientenOf(msg)) {
      for (const p of c.prestaties) {
        const credit = p.ingediendBedrag.debetCredit === 'C';
        const vorig = gevuld(p.productReferentie.vorigReferentieNummer);
        if (credit && !vorig) fail(`${p.ingediendBedrag.path}/DebetCredit`, 'VorigReferentieNummer ontbreekt');
        else if (vorig && !credit) fail(`${p.productReferentie.path}/VorigReferentieNummer`, 'DebetCredit is geen C');
      }
    }
  },
});
