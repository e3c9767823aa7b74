import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';

export const TR509 = defineLevel3Rule({
  id: 'TR509',
  appliesTo: typesFor('507'),
  retourCode: '9509',
  definitie: 'Voor een budgetafsluiting moet eerder een toekenning met hetzelfde Bsn zijn verstuurd door deze verstrekker onder dezelfde wet.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '507') return;
    if (!(await ledger.heeftToekenning({ gemeente: msg.header.ontvanger, bsn: msg.client.bsn, wet: msg.wet }))) fail(msg.client, 'Bsn');
  },
});
