// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS325
import type { BedragMetDC, CanonicalMessage, TotaalBedragMetDC } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// No zero amount on the credit side: a (Totaal)Bedrag of 0 has DebetCredit D. On the IngediendBedrag of
// every Prestatie and on TotaalIngediendBedrag (323, 325) and TotaalToegekendBedrag (325). The amounts are
// compared as numbers (xs:integer), as the XSLT's $bedrag=0 does, so 000 is a zero too. The XSLT reports
// Bedrag and DebetCredit; the path here is DebetCredit.
function bedragen(msg: CanonicalMessage): Array<{ path: string; bedrag: number; debetCredit: string }> {
  const out: Array<{ path: string; bedrag: number; debetCredit: string }> = [];
  const add = (b: BedragMetDC) => out.push({ path: b.path, bedrag: b.bedrag, debetCredit: b.debetCredit });
  const addTotaal = (b: TotaalBedragMetDC) => out.push({ path: b.path, bedrag: b.totaalBedrag, debetCredit: b.debetCredit });
  if (msg.nummer === '323') {
    addTotaal(msg.declaratie.totaalIngediendBedrag);
    for (const c of msg.declaratie.clienten) for (const p of c.prestaties) add(p.ingediendBedrag);
  } else if (msg.nummer === '325' && msg.declaratieAntwoord) {
    const a = msg.declaratieAntwoord;
    addTotaal(a.totaalIngediendBedrag);
    addTotaal(a.totaalToegekendBedrag);
    for (const c of a.clienten) for (const p of c.prestaties) add(p.ingediendBedrag);
  }
  return out;
}

export const CS325 = defineRule({
  id: 'CS325',
  element: 'DebetCredit of IngediendBedrag, TotaalIngediendBedrag, TotaalToegekendBedrag',
  appliesTo: typesFor('323', '325'),
  definitie: 'Indien (Totaal)Bedrag de waarde 0 heeft, dan DebetCredit vullen met D (Debet).',
  check(msg, fail) {
    for (const b of bedragen(msg)) if (b.bedrag === 0 && b.debetCredit === 'C') fail(`${b.path}/DebetCredit`, 'bedrag 0 met C');
  },
});
