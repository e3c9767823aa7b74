// The person data types (CDT_Geboortedatum, CDT_VolledigeNaam, CDT_Adres) wherever a message carries them,
// heen and retour alike: the rules on these types (CS050, CS089, CS139, TR002, CD005, CD007, CD025) apply to
// every message with the element, so a retour (302, 306, …) that copies the client is checked as well.
import type { CanonicalMessage, Communicatie, Contact, Geboortedatum, ToewijzingClient, VolledigeNaam } from '../../model/index.ts';
import { alleContacten } from './contacten.ts';

/** The Client of a 301 or its retour 302 (absent in a header-only 302); undefined for other messages. */
export function toewijzingClient(msg: CanonicalMessage): ToewijzingClient | undefined {
  return msg.nummer === '301' || msg.nummer === '302' ? msg.client : undefined;
}

/** Every Geboortedatum in document order: the client's, then each Relatie's (301/302). */
export function geboortedata(msg: CanonicalMessage): Geboortedatum[] {
  switch (msg.nummer) {
    case '301':
    case '302': {
      const c = msg.client;
      if (!c) return [];
      const out = [c.geboortedatum];
      for (const r of c.relaties) if (r.geboortedatum) out.push(r.geboortedatum);
      return out;
    }
    case '305':
    case '306':
    case '307':
    case '308':
    case '315':
    case '316':
      return msg.client ? [msg.client.geboortedatum] : [];
    default:
      return [];
  }
}

/** Every VolledigeNaam (with Partnernaam and NaamGebruik) in document order: the client's, then each Relatie's. */
export function volledigeNamen(msg: CanonicalMessage): VolledigeNaam[] {
  const c = toewijzingClient(msg);
  return c ? [c.naam, ...c.relaties.map((r) => r.naam)] : [];
}

/** Every Contact of a 301/302 client: in each Relatie, then in Contactgegevens. */
export function contacten(msg: CanonicalMessage): Contact[] {
  const c = toewijzingClient(msg);
  return c ? alleContacten(c) : [];
}

/** The client's Communicatie of a 301/302. */
export function communicatie(msg: CanonicalMessage): Communicatie | undefined {
  return toewijzingClient(msg)?.communicatie;
}
