import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { toekenningClient } from './support.ts';

export const TR515 = defineRule({
  id: 'TR515',
  appliesTo: typesFor('501'),
  retourCode: '9515',
  definitie: 'Een Relatie moet minimaal een Bsn, Naam, KvkNummer of Organisatie bevatten.',
  check(msg, fail) {
    for (const r of toekenningClient(msg)?.relaties ?? []) {
      if (r.bsn === undefined && r.naam === undefined && r.kvkNummer === undefined && r.organisatie === undefined) fail(r);
    }
  },
});
