// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode TR416
// Rule page: packages/api/wmo/bronnen/regels/technische-regels/xslt/TR416.md
import { typesFor, type Prestatie } from '../model/index.ts';
import { defineRule, type Fail } from './support/define-rule.ts';

// A debet Prestatie for the same ProductPeriode, ProductCategorie, ProductCode and ToewijzingNummer occurs
// once, whatever its ReferentieNummer. As in the XSLT (preceding-sibling), within one client's Prestaties;
// each later debet line fails once per earlier one, at its own Prestatie. Keys compare as the XSLT does,
// by text: the dates (xs:date, whitespace collapsed) as written, ToewijzingNummer as written (the XSLT does
// not read it as a number, so 0123 and 123 are two toewijzingen there and here).
// A client's few lines are compared pairwise; many are grouped by key first, so a client with 10,000 lines
// costs one pass instead of 50 million comparisons.
const PAIRWISE_MAX = 16;

const debet = (p: Prestatie) => p.ingediendBedrag.debetCredit === 'D';
const sameKey = (a: Prestatie, b: Prestatie) =>
  a.toewijzingNummer === b.toewijzingNummer && a.productCode === b.productCode && a.productCategorie === b.productCategorie
  && a.productPeriode.begindatum === b.productPeriode.begindatum && a.productPeriode.einddatum === b.productPeriode.einddatum;
const keyOf = (p: Prestatie) =>
  `${p.productPeriode.begindatum}|${p.productPeriode.einddatum}|${p.productCategorie}|${p.productCode}|${p.toewijzingNummer}`;

function checkClient(prestaties: readonly Prestatie[], fail: Fail): void {
  if (prestaties.length <= PAIRWISE_MAX) {
    for (let i = 1; i < prestaties.length; i++) {
      const p = prestaties[i] as Prestatie;
      if (!debet(p)) continue;
      for (let j = 0; j < i; j++) {
        const e = prestaties[j] as Prestatie;
        if (debet(e) && sameKey(p, e)) fail(p.path, `zelfde debetprestatie als ${e.path}`);
      }
    }
    return;
  }
  const seen = new Map<string, Prestatie[]>();
  for (const p of prestaties) {
    if (!debet(p)) continue;
    const key = keyOf(p);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, [p]);
      continue;
    }
    for (const e of earlier) fail(p.path, `zelfde debetprestatie als ${e.path}`);
    earlier.push(p);
  }
}

export const TR416 = defineRule({
  id: 'TR416',
  element: 'Prestatie (debet)',
  appliesTo: typesFor('323'),
  definitie: 'Prestatie met DebetCredit in IngediendBedrag waarde Debet mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk ToewijzingNummer als er niet al een Prestatie met waarde Debet is.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) checkClient(c.prestaties, fail);
  },
});
