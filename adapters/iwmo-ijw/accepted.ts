import { MessageRejected, type AcceptedMessage, type PartyRef } from '../types.ts';
import type { HeaderFields } from './header.ts';
import type { MessageSpec } from './messages.ts';

const GEMEENTECODE = /^[0-9]{4}$/; // LDT_Gemeente (CBS code)
const AGB = /^[0-9]{8}$/; // LDT_AgbCode

export function partyRef(code: string | undefined): PartyRef | undefined {
  if (code === undefined) return undefined;
  if (GEMEENTECODE.test(code)) return { kind: 'gemeentecode', code };
  if (AGB.test(code)) return { kind: 'agb', code };
  return undefined;
}

/** What the gateway needs from a validated message; throws 400 `berichtcode-mismatch`. */
export function toAcceptedMessage(spec: MessageSpec, header: HeaderFields): AcceptedMessage {
  if (header.berichtCode !== spec.berichtCode) {
    throw MessageRejected.of(400, 'berichtcode-mismatch',
      `header BerichtCode ${JSON.stringify(header.berichtCode ?? null)} does not match ${spec.type} (BerichtCode ${spec.berichtCode})`,
      { path: '/Bericht/Header/BerichtCode' });
  }
  const afzender = partyRef(header.afzender);
  const ontvanger = partyRef(header.ontvanger);
  // IV028: a retour copies the heen header unchanged, so it travels from Ontvanger to Afzender.
  const [sender, addressee] = spec.retour ? [ontvanger, afzender] : [afzender, ontvanger];
  const message: AcceptedMessage = { family: spec.family, type: spec.type, bsns: header.bsns };
  if (header.identificatie !== undefined) message.correlationId = header.identificatie;
  if (sender) message.sender = sender;
  if (addressee) message.addressee = addressee;
  return message;
}
