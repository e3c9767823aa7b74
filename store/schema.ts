import type { Generated } from 'kysely';
import type { DbInt } from './time.ts';

// Row shapes as the drivers return them. Integers that may exceed 2^31 (epoch ms, seq, counts) come back
// as strings from pg, hence DbInt; convert with time.ts.

export interface MessagesTable {
  id: string;
  received_at: DbInt;
  sender_partner: string;
  sender_oin: string;
  family: string;
  type: string;
  correlation_id: string | null;
  sha256: string;
  size: number;
  content_type: string;
  status: string;
  payload: Buffer;
  key_id: string;
  published_at: DbInt | null;
  delivered_at: DbInt | null;
  request_id: string | null;
  /** Comma-separated destination names, chosen at ingest. */
  destinations: string | null;
  parent_id: string | null;
  relation: string | null;
  reason: string | null;
}

export interface MessageBsnsTable {
  message_id: string;
  bsn_hash: string;
}

export interface MessageEventsTable {
  seq: Generated<DbInt>;
  message_id: string;
  at: DbInt;
  type: string;
  detail: string | null;
}

export interface DedupKeysTable {
  sender_partner: string;
  dedup_key: string;
  message_id: string;
  created_at: DbInt;
}

export interface DeliveriesTable {
  message_id: string;
  partner: string;
  status: string;
  attempts: number;
  last_http_status: number | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: DbInt | null;
  updated_at: DbInt;
  reason: string | null;
  /** When a pending delivery is next due (a scheduled retry, or the reconciler's republish); null: at once. */
  next_attempt_at: DbInt | null;
}

export interface SchemaMigrationsTable {
  id: string;
  applied_at: DbInt;
}

export interface Database {
  messages: MessagesTable;
  message_bsns: MessageBsnsTable;
  message_events: MessageEventsTable;
  dedup_keys: DedupKeysTable;
  deliveries: DeliveriesTable;
  kp_schema_migrations: SchemaMigrationsTable;
}
