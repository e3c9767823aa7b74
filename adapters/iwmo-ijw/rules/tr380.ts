// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR380.md
import { typesFor } from '../model/index.ts';
import { isAfter } from './support/dates.ts';
import { defineRule } from './support/define-rule.ts';

export const TR380 = defineRule({
  id: 'TR380',
  element: 'NieuwProduct/GewensteIngangsdatum',
  // NieuwProduct/GewensteIngangsdatum only (XSLT); a TeWijzigenProduct may start on or before the Dagtekening.
  appliesTo: typesFor('317'),
  definitie: 'Vullen met een datum die groter is dan de dagtekening van het bericht.',
  check(msg, fail) {
    if (msg.nummer !== '317') return;
    const dagtekening = msg.header.berichtIdentificatie.dagtekening;
    for (const p of msg.client.verzoek.nieuweProducten) {
      if (!isAfter(p.gewensteIngangsdatum, dagtekening)) fail(`${p.path}/GewensteIngangsdatum`);
    }
  },
});
