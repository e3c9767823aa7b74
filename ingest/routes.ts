import type { AcceptedMessage } from '../adapters/types.ts';
import type { Partner, PartnerRegistry } from '../config/partners.ts';

export type RouteResult = { ok: true; destination: Partner } | { ok: false; code: 'no-route' | 'no-endpoint'; message: string };

// iWmo/iJw are addressed by the header: the organisation the message is for (Ontvanger, or the
// Afzender of a retour, which keeps the heen header) is looked up among the partners' identifiers.
export function resolveRoute(partners: PartnerRegistry, message: AcceptedMessage): RouteResult {
  const to = message.addressee;
  if (!to) return { ok: false, code: 'no-route', message: `no addressee found in this ${message.type}` };
  const destination = partners.byIdentifier(to.kind, to.code);
  if (!destination) return { ok: false, code: 'no-route', message: `no partner is configured for ${to.kind} ${to.code}` };
  if (!destination.delivery) return { ok: false, code: 'no-endpoint', message: `partner ${destination.name} has no delivery endpoint` };
  return { ok: true, destination };
}
