import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { isAfter } from './support.ts';

export const CS023 = defineRule({
  id: 'CS023',
  appliesTo: typesFor('501'),
  retourCode: 'S023',
  definitie: 'Moet een bestaande datum zijn die niet later is dan de Dagtekening van het bestand.',
  check(msg, fail) {
    if (msg.nummer !== '501') return;
    const b = msg.client.budget;
    if (b.afgiftedatum !== undefined && isAfter(b.afgiftedatum, msg.header.berichtIdentificatie.dagtekening)) fail(b, 'Afgiftedatum');
  },
});
