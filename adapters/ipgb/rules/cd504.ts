import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

export const CD504 = defineRule({
  id: 'CD504',
  appliesTo: typesFor('501'),
  retourCode: 'D504',
  definitie: 'Bsn en Naam niet vullen als KvkNummer of Organisatie gevuld is.',
  check(msg, fail) {
    for (const r of toekenningClient(msg)?.relaties ?? []) {
      if (r.kvkNummer === undefined && r.organisatie === undefined) continue;
      if (r.bsn !== undefined) fail(r, 'Bsn');
      if (r.naam !== undefined) fail(r, 'Naam');
    }
  },
});
