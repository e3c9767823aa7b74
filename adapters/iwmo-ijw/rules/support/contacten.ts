import type { Contact, ToewijzingClient } from '../../model/index.ts';

/** Every Contact class of a 301 client: the one in each Relatie, then those in Contactgegevens. */
export function alleContacten(client: ToewijzingClient): Contact[] {
  return [...client.relaties.map((r) => r.contact), ...client.contactgegevens];
}
