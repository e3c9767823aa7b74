// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS100
import { typesFor } from '../model/index.ts';
import { dateNum } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

// In a 323 the Begindatum of the DeclaratiePeriode and of every ProductPeriode lies on or after 2021-01-01
// (the XSLT checks both; the 325 is not checked).
const EERSTE_DAG = 20210101;

export const CS100 = defineRule({
  id: 'CS100',
  element: 'DeclaratiePeriode and ProductPeriode Begindatum',
  appliesTo: typesFor('323'),
  definitie: 'Vullen met een datum die groter dan of gelijk is aan 01-01-2021',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    const d = msg.declaratie;
    if (dateNum(d.declaratiePeriode.begindatum) < EERSTE_DAG) fail(`${d.declaratiePeriode.path}/Begindatum`);
    for (const c of d.clienten) {
      for (const p of c.prestaties) {
        if (dateNum(p.productPeriode.begindatum) < EERSTE_DAG) fail(`${p.productPeriode.path}/Begindatum`);
      }
    }
  },
});
