import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';

// Needs the CBS list of gemeentecodes ("Gemeentelijke indeling"), which does not ship with the gateway: without
// ctx.gemeentecodes the rule is not checked.
export const CS300 = defineRule({
  id: 'CS300',
  appliesTo: typesFor('501', '507'),
  retourCode: 'S300',
  definitie: 'Moet een bestaande gemeentecode zijn uit het CBS-overzicht Gemeentelijke indeling.',
  check(msg, fail, ctx) {
    if (!ctx.gemeentecodes) return;
    if (msg.nummer === '501' && !ctx.gemeentecodes.has(msg.header.afzender)) fail(msg.header, 'Afzender');
    if (msg.nummer === '507' && !ctx.gemeentecodes.has(msg.header.ontvanger)) fail(msg.header, 'Ontvanger');
  },
});
