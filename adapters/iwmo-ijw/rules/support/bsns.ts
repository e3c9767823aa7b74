import type { CanonicalMessage } from '../../model/index.ts';

/** Every Bsn element of the message with its path, in document order. */
export function bsnElements(msg: CanonicalMessage): Array<{ bsn: string; path: string }> {
  switch (msg.nummer) {
    case '319':
    case '320':
      return [];
    case '323':
      return msg.declaratie.clienten.map((c) => ({ bsn: c.bsn, path: `${c.path}/Bsn` }));
    case '325':
      return (msg.declaratieAntwoord?.clienten ?? []).map((c) => ({ bsn: c.bsn, path: `${c.path}/Bsn` }));
    default:
      return msg.client ? [{ bsn: msg.client.bsn, path: `${msg.client.path}/Bsn` }] : [];
  }
}
