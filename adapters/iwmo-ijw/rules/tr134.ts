// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR134.md (elements as in the XSLT's TR134 templates)
import type { CanonicalMessage } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { isAfter } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

/** [date, path] of every element TR134 covers in this message. */
function datesToCheck(msg: CanonicalMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (date: string | undefined, path: string) => { if (date !== undefined) out.push([date, path]); };
  switch (msg.nummer) {
    case '301':
      add(msg.client.geboortedatum.datum, `${msg.client.geboortedatum.path}/Datum`);
      for (const r of msg.client.relaties) if (r.geboortedatum) add(r.geboortedatum.datum, `${r.geboortedatum.path}/Datum`);
      for (const p of msg.client.toegewezenProducten) add(p.toewijzingsdatum, `${p.path}/Toewijzingsdatum`);
      break;
    case '305':
      add(msg.client.geboortedatum.datum, `${msg.client.geboortedatum.path}/Datum`);
      for (const p of msg.client.startProducten) add(p.begindatum, `${p.path}/Begindatum`);
      break;
    case '307':
      add(msg.client.geboortedatum.datum, `${msg.client.geboortedatum.path}/Datum`);
      for (const p of msg.client.stopProducten) add(p.einddatum, `${p.path}/Einddatum`);
      break;
    case '315':
      add(msg.client.geboortedatum.datum, `${msg.client.geboortedatum.path}/Datum`);
      break;
    case '323':
      add(msg.declaratie.declaratiePeriode.begindatum, `${msg.declaratie.declaratiePeriode.path}/Begindatum`);
      for (const c of msg.declaratie.clienten) {
        for (const p of c.prestaties) add(p.productPeriode.begindatum, `${p.productPeriode.path}/Begindatum`);
      }
      break;
    case '325':
      for (const c of msg.declaratieAntwoord?.clienten ?? []) {
        for (const p of c.prestaties) add(p.productPeriode.begindatum, `${p.productPeriode.path}/Begindatum`);
      }
      break;
    default:
      break;
  }
  return out;
}

export const TR134 = defineRule({
  id: 'TR134',
  element: 'dates that may not follow the Dagtekening',
  appliesTo: typesFor('301', '305', '307', '315', '323', '325'),
  definitie: 'Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht.',
  check(msg, fail) {
    const dagtekening = msg.header.berichtIdentificatie.dagtekening;
    for (const [date, path] of datesToCheck(msg)) if (isAfter(date, dagtekening)) fail(path);
  },
});
