import { randomUUID } from 'node:crypto';
import type { NewMessage } from '../../../store/index.ts';

/** A plausible iWmo message for store tests; BSN 999990019 is a test BSN (11-proof, 99999xxxx range). */
export function newMessage(overrides: Partial<NewMessage> = {}): NewMessage {
  const bsn = overrides.bsns?.[0] ?? '999990019';
  return {
    senderPartner: 'gemeente-voorbeeld',
    senderOin: '00000001001234567000',
    family: 'iwmo-ijw',
    type: 'WMO301',
    correlationId: randomUUID(),
    dedupKey: randomUUID(),
    payload: Buffer.from(`<Bericht><Client><Bsn>${bsn}</Bsn><Naam>Jansen</Naam></Client></Bericht>`),
    contentType: 'application/xml',
    bsns: [bsn],
    requestId: randomUUID(),
    ...overrides,
  };
}
