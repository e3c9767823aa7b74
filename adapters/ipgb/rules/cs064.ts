import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { isAfter } from './support.ts';

export const CS064 = defineRule({
  id: 'CS064',
  appliesTo: typesFor('501', '507'),
  retourCode: 'S064',
  definitie: 'Moet een bestaande datum zijn die niet in de toekomst ligt.',
  check(msg, fail, ctx) {
    if (isAfter(msg.header.berichtIdentificatie.dagtekening, ctx.today)) fail(msg.header, 'BerichtIdentificatie/Dagtekening');
  },
});
