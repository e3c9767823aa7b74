import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry, AuditLog } from '../audit/index.ts';
import type { Partner } from '../config/partners.ts';
import { requirePartner } from '../gateway/partner-identity.ts';
import { OpsError } from './errors.ts';

/** Who an audit record names: the operator's partner name and OIN, from its client certificate. */
export function actorOf(operator: Partner): { actor: string; actorOin: string } {
  return { actor: operator.name, actorOin: operator.oin };
}

export function requireOperator(req: FastifyRequest, reply: FastifyReply): Partner | undefined {
  return requirePartner(req, reply, 'operator');
}

export type Disclosure = Omit<AuditEntry, 'actor' | 'actorOin' | 'personalData'>;

/**
 * Personal data is shown only to an operator with the 'personal-data' permission. A refusal is audited too
 * (action '<action>.denied'), so an investigation sees who tried to look at whom; then 403.
 */
export async function requirePersonalData(audit: AuditLog, operator: Partner, what: Disclosure): Promise<void> {
  if (operator.permissions.has('personal-data')) return;
  await audit.record({ ...actorOf(operator), ...what, action: `${what.action}.denied`, personalData: false });
  throw new OpsError(403, 'personal-data-required', `operator ${operator.name} does not have the personal-data permission (payloads and search by BSN)`);
}

/** Written before the data is sent: a view that could not be audited is not served. */
export async function recordDisclosure(audit: AuditLog, operator: Partner, what: Disclosure): Promise<void> {
  await audit.record({ ...actorOf(operator), ...what, personalData: true });
}

export async function recordAct(audit: AuditLog, operator: Partner, what: Disclosure): Promise<void> {
  await audit.record({ ...actorOf(operator), ...what, personalData: false });
}
