import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import { oinFromCertificate } from './identity.ts';
import type { PartnerCheck } from './partner-cas.ts';

declare module 'fastify' {
  interface FastifyRequest { partner: Partner | null }
}

// The TLS handshake already proved the certificate chains to a configured CA; here its OIN
// (subject serialNumber) names the partner. Resolved once per TLS connection, not per request.
const partnerOfSocket = new WeakMap<TLSSocket, Partner | null>();

function identify(socket: TLSSocket, partners: PartnerRegistry, issuedFor: PartnerCheck): Partner | null {
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const peer = socket.getPeerCertificate(true);
  const oin = oinFromCertificate(peer);
  const partner = oin ? partners.byOin(oin) : undefined;
  return partner && issuedFor(partner, peer) ? partner : null;
}

export function registerPartnerIdentity(app: FastifyInstance, partners: PartnerRegistry, issuedFor: PartnerCheck): void {
  app.decorateRequest('partner', null);
  app.addHook('onRequest', async (req) => {
    const socket = req.raw.socket as TLSSocket;
    let partner = partnerOfSocket.get(socket);
    if (partner === undefined) {
      partner = identify(socket, partners, issuedFor);
      partnerOfSocket.set(socket, partner);
    }
    req.partner = partner;
  });
}

export function requirePartner(req: FastifyRequest, reply: FastifyReply, role?: Partner['role']): Partner | undefined {
  const partner = req.partner;
  if (!partner) {
    void reply.code(403).send({ errors: [{ code: 'unknown-partner', message: 'the client certificate names no configured partner (OIN in subject serialNumber, issued by that partner\'s CA)' }] });
    return undefined;
  }
  if (role && partner.role !== role) {
    void reply.code(403).send({ errors: [{ code: 'not-authorised', message: `partner ${partner.name} does not have the ${role} role` }] });
    return undefined;
  }
  return partner;
}
