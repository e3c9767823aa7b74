import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

const MET_PARTNERNAAM = new Set(['1', '2', '3', '4']);

export const CS050 = defineRule({
  id: 'CS050',
  appliesTo: typesFor('501'),
  retourCode: 'S050',
  definitie: 'Als Partnernaam gevuld is, dan moet NaamGebruik 1, 2, 3 of 4 zijn; anders moet NaamGebruik 1 zijn.',
  check(msg, fail) {
    for (const r of toekenningClient(msg)?.relaties ?? []) {
      const n = r.naam;
      if (!n) continue;
      const ok = n.partnernaam ? MET_PARTNERNAAM.has(n.naamGebruik) : n.naamGebruik === '1';
      if (!ok) fail(r, 'Naam/NaamGebruik', n.partnernaam ? 'met Partnernaam' : 'zonder Partnernaam');
    }
  },
});
