import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

/** COD473 '4' Gewaarborgde hulp is a Wlz concept. */
const GEWAARBORGDE_HULP = '4';

export const CS502 = defineRule({
  id: 'CS502',
  appliesTo: typesFor('501'),
  retourCode: 'S502',
  definitie: 'Soort vertegenwoordiging 4 (Gewaarborgde hulp) mag niet worden gebruikt.',
  check(msg, fail) {
    for (const r of toekenningClient(msg)?.relaties ?? []) if (r.soort === GEWAARBORGDE_HULP) fail(r, 'Soort');
  },
});
