import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Ingest } from '../ingest/accept.ts';
import type { Database, Store } from '../store/index.ts';
import type { SubscriptionTables } from './tables.ts';
import type { WatchIndex } from './watch-index.ts';

/** What the parts of the subscriptions feature share once it is set up. */
export interface SubscriptionDeps {
  store: Store;
  ingest: Ingest;
  partners: PartnerRegistry;
  logger: Logger;
  audit: AuditLog;
  index: WatchIndex;
  /** The partner with role gbav that takes Ap01/Av01; undefined when none is configured (nothing is sent). */
  gbav: string | undefined;
  /** The gateway's OIN (from its client certificate), the actor of disclosures. */
  gatewayOin: string;
  /** CloudEvent `source`. */
  alertSource: string;
  /** The clock (tests move it); epoch ms. */
  now(): number;
}

export type SubscriptionDb = Kysely<Database & SubscriptionTables>;

export function db(deps: Pick<SubscriptionDeps, 'store'>): SubscriptionDb {
  return deps.store.tables<SubscriptionTables>();
}

/** Keyed hash of an A-nummer, kept apart from BSN hashes by a prefix. */
export function anummerHash(store: Pick<Store, 'bsnHash'>, anummer: string): string {
  return store.bsnHash(`anummer:${anummer}`);
}
