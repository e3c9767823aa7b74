// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/externe-bron/TR346
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// The standard files TR346 under "externe bron" (level 4, retour code 9346, per prestatie) and the official
// level-2 XSLT does not check it: an hourly contract tariff declared in minutes is rounded per IV081, so
// Volume × ProductTarief from the message alone can legitimately differ. This is the plain in-message form;
// it never runs in runLevel2.
export const TR346 = defineRule({
  id: 'TR346',
  element: 'Prestatie/IngediendBedrag/Bedrag',
  appliesTo: typesFor('323'),
  level: 4,
  retourCode: '9346',
  definitie: 'Indien Eenheid ongelijk is aan waarde 83 (Euro’s), moet IngediendBedrag gelijk zijn aan GeleverdVolume vermenigvuldigd met ProductTarief.',
  check(msg, fail) {
    if (msg.nummer !== '323') return;
    for (const c of msg.declaratie.clienten) {
      for (const p of c.prestaties) {
        // A missing ProductTarief is CD087's concern.
        if (p.eenheid === '83' || p.productTarief === undefined) continue;
        const verwacht = p.geleverdVolume * p.productTarief;
        if (p.ingediendBedrag.bedrag !== verwacht) {
          fail(`${p.ingediendBedrag.path}/Bedrag`, `Bedrag ${p.ingediendBedrag.bedrag}, GeleverdVolume × ProductTarief ${verwacht}`);
        }
      }
    }
  },
});
