// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR358.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

export const TR358 = defineRule({
  id: 'TR358',
  element: 'TotaalIngediendBedrag/TotaalBedrag',
  appliesTo: typesFor('323'),
  definitie: 'De waarde van TotaalBedrag in TotaalIngediendBedrag moet gelijk zijn aan de SOM van de waarden van Bedrag in Ingediendbedrag in alle onderliggende Prestaties, rekening houdend met indicatie debet/credit.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    let saldo = 0; // debet minus credit, in eurocent
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        if (p.ingediendBedrag.debetCredit === 'D') saldo += p.ingediendBedrag.bedrag;
        else if (p.ingediendBedrag.debetCredit === 'C') saldo -= p.ingediendBedrag.bedrag;
      }
    }
    const totaal = msg.declaratie.totaalIngediendBedrag;
    // Numeric comparison; the XSLT compares text, so it would also reject a valid xs:integer like 058000.
    const expected = totaal.debetCredit === 'C' ? -saldo : saldo;
    if (totaal.totaalBedrag !== expected) {
      const som = `${Math.abs(saldo)} ${saldo < 0 ? 'C' : 'D'}`;
      fail(`${totaal.path}/TotaalBedrag`, `TotaalBedrag ${totaal.totaalBedrag} ${totaal.debetCredit}, som prestaties ${som}`);
    }
  },
});
