import { typesFor } from '../messages.ts';
import { defineLevel3Rule } from './define.ts';
import { SVB_AFZENDER } from './ledger.ts';

export const TR056 = defineLevel3Rule({
  id: 'TR056',
  appliesTo: typesFor('501', '507'),
  retourCode: '9056',
  definitie: 'BerichtIdentificatie moet per berichtsoort uniek zijn voor de verzendende partij.',
  async check(msg, fail, ledger) {
    if (msg.nummer !== '501' && msg.nummer !== '507') return;
    const afzender = msg.nummer === '501' ? msg.header.afzender : SVB_AFZENDER;
    const identificatie = msg.header.berichtIdentificatie.identificatie;
    if (await ledger.identificatieGebruikt({ afzender, type: msg.type, identificatie })) fail(msg.header, 'BerichtIdentificatie/Identificatie');
  },
});
