import { typesFor } from '../messages.ts';
import { defineRule } from './define-rule.ts';
import { passesElfproef } from './support.ts';

export const CS002 = defineRule({
  id: 'CS002',
  appliesTo: typesFor('501', '507'),
  retourCode: 'S002',
  definitie: 'De waarde moet voldoen aan de 11-proef.',
  check(msg, fail) {
    if (msg.nummer !== '501' && msg.nummer !== '507') return;
    if (!passesElfproef(msg.client.bsn)) fail(msg.client, 'Bsn');
    if (msg.nummer === '501') for (const r of msg.client.relaties) if (r.bsn !== undefined && !passesElfproef(r.bsn)) fail(r, 'Bsn');
  },
});
