// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR342
// Rule page: packages/api/wmo/bronnen/regels/technische-regels/xslt/TR342.md
import type { TotaalBedragMetDC } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

const signed = (t: TotaalBedragMetDC): number => (t.debetCredit === 'C' ? -t.totaalBedrag : t.totaalBedrag);

// A 325 returns only the refused prestaties, so ingediend − toegekend = Σ returned prestaties (debet minus
// credit). When the DeclaratieAntwoord itself carries a code other than 0200/8001 (refused as a whole, e.g.
// 9333), no prestatie is judged and the TotaalToegekendBedrag is 0 instead. Checked on every 325, the ones a
// municipality sends through the gateway as well as the ones the gateway builds. Amounts compare as numbers
// (the XSLT sums with sum() and compares the results; its text comparison of the two numbers gives the same
// verdict for XSD-valid integers). The XSLT reports TotaalToegekendBedrag (and TotaalIngediendBedrag); the
// path here is the TotaalToegekendBedrag class.
const GOEDGEKEURD: ReadonlySet<string> = new Set(['0200', '8001']);

export const TR342 = defineRule({
  id: 'TR342',
  element: 'DeclaratieAntwoord/TotaalToegekendBedrag',
  appliesTo: typesFor('325'),
  definitie: 'Alleen afgewezen Prestaties dienen meegestuurd te worden in het declaratie-antwoordbericht op een declaratie.',
  check(msg, fail) {
    if (msg.nummer !== '325' || !msg.declaratieAntwoord) return;
    const a = msg.declaratieAntwoord;
    const toegekend = signed(a.totaalToegekendBedrag);
    const path = a.totaalToegekendBedrag.path;
    if ((a.retourCodes ?? []).some((code) => !GOEDGEKEURD.has(code))) {
      if (toegekend !== 0) fail(path, 'DeclaratieAntwoord afgewezen, TotaalToegekendBedrag niet 0');
      return;
    }
    let afgewezen = 0;
    for (const c of a.clienten) {
      for (const p of c.prestaties) {
        if (p.ingediendBedrag.debetCredit === 'D') afgewezen += p.ingediendBedrag.bedrag;
        else if (p.ingediendBedrag.debetCredit === 'C') afgewezen -= p.ingediendBedrag.bedrag;
      }
    }
    const verschil = signed(a.totaalIngediendBedrag) - toegekend;
    if (verschil !== afgewezen) fail(path, `ingediend − toegekend ${verschil}, afgewezen prestaties ${afgewezen}`);
  },
});
