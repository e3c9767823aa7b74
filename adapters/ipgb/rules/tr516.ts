import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { alleContacten, toekenningClient } from './support.ts';

// OP520: one correspondence address per TKB, under the Client or under one Relatie. Every Contact after the
// first (document order) is reported.
export const TR516 = defineRule({
  id: 'TR516',
  appliesTo: typesFor('501'),
  retourCode: '9516',
  definitie: 'Per bericht is maximaal één Contact toegestaan.',
  check(msg, fail) {
    const client = toekenningClient(msg);
    if (!client) return;
    const contacten = alleContacten(client);
    for (const c of contacten.slice(1)) fail(c, undefined, `eerder Contact: ${contacten[0]!.path}`);
  },
});
