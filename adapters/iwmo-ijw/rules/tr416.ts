// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR416
// Rule page: packages/api/wmo/bronnen/regels/technische-regels/xslt/TR416.md
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// A debet Prestatie for the same ProductPeriode, ProductCategorie, ProductCode and ToewijzingNummer occurs
// once, whatever its ReferentieNummer. As in the XSLT (preceding-sibling), within one client's Prestaties;
// each later debet line fails once per earlier one, at its own Prestatie. Keys compare as the XSLT does,
// by text: the dates (xs:date, whitespace collapsed) as written, ToewijzingNummer as written.
// Grouped by key first, so a declaratie of 10,000 lines costs one pass.
export const TR416 = defineRule({
  id: 'TR416',
  appliesTo: typesFor('323'),
  definitie: 'Prestatie met DebetCredit in IngediendBedrag waarde Debet mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk ToewijzingNummer als er niet al een Prestatie met waarde Debet is.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) {
      if (c.prestaties.length < 2) continue;
      const seen = new Map<string, string[]>();
      for (const p of c.prestaties) {
        if (p.ingediendBedrag.debetCredit !== 'D') continue;
        const pp = p.productPeriode;
        const key = `${pp.begindatum}|${pp.einddatum}|${p.productCategorie}|${p.productCode}|${p.toewijzingNummer}`;
        const earlier = seen.get(key);
        if (earlier === undefined) {
          seen.set(key, [p.path]);
          continue;
        }
        for (const e of earlier) fail(p.path, `zelfde debetprestatie als ${e}`);
        earlier.push(p.path);
      }
    }
  },
});
