// Per partner: deliveries pending, dead and failing, and the expiry of every certificate file it relies on.
import { sql } from 'kysely';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import type { Settings } from '../config/settings.ts';
import { toNumber } from '../store/index.ts';
import { readCertificates } from './certificates.ts';
import type { CockpitDb } from './messages.ts';
import { iso } from './views.ts';

export interface CertificateView {
  use: 'client-ca' | 'server-ca' | 'gateway-server' | 'gateway-client';
  file: string;
  subject: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  expiresWithin30Days: boolean;
  error?: string;
}

export interface PartnerHealth {
  name: string;
  oin: string;
  role: string;
  endpoint: string | null;
  deliveries: { pending: number; dead: number; failedLastHour: number; lastFailureAt: string | null };
  certificates: CertificateView[];
  failing: boolean;
}

export function certificateViews(use: CertificateView['use'], file: string): CertificateView[] {
  const read = readCertificates(file);
  if (!read.ok) return [{ use, file, subject: null, notAfter: null, daysLeft: null, expiresWithin30Days: false, error: read.error }];
  return read.certificates.map((c) => ({ use, file, subject: c.subject, notAfter: c.notAfter.toISOString(), daysLeft: c.daysLeft, expiresWithin30Days: c.expiresSoon }));
}

/** The certificate files of one partner; the gateway's own are listed under the 'ketenpoort' entry. */
export function partnerCertificates(p: Partner): CertificateView[] {
  return [...certificateViews('client-ca', p.caFile), ...(p.delivery ? certificateViews('server-ca', p.delivery.serverCaFile) : [])];
}

export async function partnerHealth(db: CockpitDb, partners: PartnerRegistry, settings: Pick<Settings, 'tls' | 'clientIdentity'>, now = Date.now()): Promise<PartnerHealth[]> {
  const hourAgo = now - 3_600_000;
  const [byStatus, failing] = await Promise.all([
    db.selectFrom('deliveries as d')
      .leftJoin('cockpit_marks as k', (j) => j.onRef('k.message_id', '=', 'd.message_id').onRef('k.destination', '=', 'd.partner'))
      .select(['d.partner', 'd.status', sql<number | string>`count(*)`.as('n')])
      .where('d.status', 'in', ['pending', 'dead'])
      .where((eb) => eb.or([eb('k.state', 'is', null), eb('k.state', '!=', 'resolved')]))
      .groupBy(['d.partner', 'd.status'])
      .execute(),
    db.selectFrom('deliveries')
      .select(['partner', sql<number | string>`sum(case when updated_at >= ${hourAgo} then 1 else 0 end)`.as('recent'), sql<number | string>`max(updated_at)`.as('last')])
      .where('last_error', 'is not', null)
      .where('status', '!=', 'delivered')
      .groupBy('partner')
      .execute(),
  ]);
  const stats = new Map<string, PartnerHealth['deliveries']>();
  const of = (name: string) => {
    let s = stats.get(name);
    if (!s) { s = { pending: 0, dead: 0, failedLastHour: 0, lastFailureAt: null }; stats.set(name, s); }
    return s;
  };
  for (const r of byStatus) of(r.partner)[r.status === 'dead' ? 'dead' : 'pending'] = toNumber(r.n);
  for (const r of failing) {
    const s = of(r.partner);
    s.failedLastHour = toNumber(r.recent ?? 0);
    s.lastFailureAt = r.last === null ? null : iso(r.last);
  }
  const out: PartnerHealth[] = partners.partners.map((p) => {
    const deliveries = stats.get(p.name) ?? { pending: 0, dead: 0, failedLastHour: 0, lastFailureAt: null };
    return {
      name: p.name, oin: p.oin, role: p.role, endpoint: p.delivery?.url ?? null, deliveries,
      certificates: partnerCertificates(p),
      failing: deliveries.dead > 0 || deliveries.failedLastHour > 0,
    };
  });
  out.push({
    name: 'ketenpoort', oin: '', role: 'gateway', endpoint: null, deliveries: { pending: 0, dead: 0, failedLastHour: 0, lastFailureAt: null },
    certificates: [...certificateViews('gateway-server', settings.tls.certFile), ...certificateViews('gateway-client', settings.clientIdentity.certFile)],
    failing: false,
  });
  return out;
}
