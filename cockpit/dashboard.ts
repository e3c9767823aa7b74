// The cockpit's first screen: flow per family and sender over the last hour and day, message statuses, queue
// depths, dead letters by reason, and partner health.
import { sql } from 'kysely';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Settings } from '../config/settings.ts';
import type { Broker } from '../queue/broker.ts';
import { toNumber, type MessageStatus, type Store } from '../store/index.ts';
import { summarizeDeadLetters } from './dead-letters.ts';
import type { CockpitDb } from './messages.ts';
import { partnerHealth, type PartnerHealth } from './partner-health.ts';

export interface FlowRow { window: '1h' | '24h'; family: string; partner: string; received: number; delivered: number; dead: number }

export interface Dashboard {
  at: string;
  flow: FlowRow[];
  statuses: Record<MessageStatus, number>;
  queues: { name: string; destination: string; depth: number | null }[];
  dead: { total: number; groups: { kind: string; reason: string; count: number; oldest: string; newest: string }[] };
  partners: PartnerHealth[];
}

export interface DashboardDeps { store: Store; db: CockpitDb; broker: Broker; partners: PartnerRegistry; settings: Pick<Settings, 'tls' | 'clientIdentity'> }

export async function flow(db: CockpitDb, window: FlowRow['window'], since: number): Promise<FlowRow[]> {
  const rows = await db.selectFrom('messages')
    .select([
      'family', 'sender_partner',
      sql<number | string>`count(*)`.as('received'),
      sql<number | string>`sum(case when status = 'delivered' then 1 else 0 end)`.as('delivered'),
      sql<number | string>`sum(case when status = 'dead' then 1 else 0 end)`.as('dead'),
    ])
    .where('received_at', '>=', since)
    .groupBy(['family', 'sender_partner'])
    .execute();
  return rows
    .map((r) => ({ window, family: r.family, partner: r.sender_partner, received: toNumber(r.received), delivered: toNumber(r.delivered ?? 0), dead: toNumber(r.dead ?? 0) }))
    .sort((a, b) => b.received - a.received);
}

export async function dashboard(deps: DashboardDeps, now = Date.now()): Promise<Dashboard> {
  const { store, db, broker, partners } = deps;
  const destinations = partners.partners.filter((p) => p.delivery).map((p) => p.name);
  const queueNames = [
    ...destinations.map((d) => ({ name: broker.names.deliverQueue(d), destination: d })),
    // A message waiting for its next attempt sits in the delay queue of its tier, not in its partner's queue.
    ...broker.tiers.map((t) => ({ name: broker.names.retryQueue(t), destination: `retry after ${formatDelay(t)}` })),
    { name: broker.names.dead, destination: 'dead' },
  ];
  const [hour, day, statuses, dead, health, depths] = await Promise.all([
    flow(db, '1h', now - 3_600_000),
    flow(db, '24h', now - 86_400_000),
    store.countByStatus(),
    summarizeDeadLetters(db, {}),
    partnerHealth(db, partners, deps.settings, now),
    Promise.all(queueNames.map((q) => broker.queueDepth(q.name))),
  ]);
  return {
    at: new Date(now).toISOString(),
    flow: [...hour, ...day],
    statuses,
    queues: queueNames.map((q, i) => ({ ...q, depth: depths[i] ?? null })),
    dead: { total: dead.total, groups: dead.groups.map(({ kind, reason, count, oldest, newest }) => ({ kind, reason, count, oldest, newest })) },
    partners: health,
  };
}

function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
