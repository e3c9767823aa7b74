import type { Contact, IpgbMessage, ToekenningClient } from '../model/types.ts';

/** Every Contact of a TKB in document order: those under a Relatie (Relaties precede Contact), then the Client's. */
export function alleContacten(client: ToekenningClient): Contact[] {
  const out: Contact[] = [];
  for (const r of client.relaties) if (r.contact) out.push(r.contact);
  if (client.contact) out.push(client.contact);
  return out;
}

/** The client of a heen TKB, or undefined for any other message. */
export function toekenningClient(msg: IpgbMessage): ToekenningClient | undefined {
  return msg.nummer === '501' ? msg.client : undefined;
}

/** YYYY-MM-DD strings of an XSD-valid message compare as dates. */
export const isAfter = (a: string, b: string): boolean => a > b;

/** 11-proef: weights 9..2 on the first eight digits and -1 on the last; the sum must be divisible by 11. */
export function passesElfproef(bsn: string): boolean {
  if (!/^[0-9]{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (bsn.charCodeAt(i) - 48);
  sum -= bsn.charCodeAt(8) - 48;
  return sum % 11 === 0;
}
