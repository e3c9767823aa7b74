import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

// Timestamps are epoch milliseconds in bigint columns: they compare the same way on both dialects.
export const initial: Migration = {
  id: '001-initial',
  async up(db: Kysely<any>, dialect) {
    const blob = dialect === 'postgres' ? 'bytea' : 'blob';

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('sender_partner', 'text', (c) => c.notNull())
      .addColumn('sender_oin', 'text', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('correlation_id', 'text')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('received', 'published', 'routed', 'delivered', 'dead')`),
      )
      .addColumn('payload', blob, (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint')
      .addColumn('delivered_at', 'bigint')
      .addColumn('request_id', 'text')
      .execute();
    await db.schema.createIndex('messages_status_received_at').on('messages').columns(['status', 'received_at']).execute();
    await db.schema.createIndex('messages_received_at').on('messages').column('received_at').execute();
    await db.schema.createIndex('messages_correlation_id').on('messages').column('correlation_id').execute();

    await db.schema
      .createTable('message_bsns')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('bsn_hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_bsns_pk', ['message_id', 'bsn_hash'])
      .execute();
    await db.schema.createIndex('message_bsns_bsn_hash').on('message_bsns').column('bsn_hash').execute();

    await db.schema
      .createTable('message_events')
      .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
      )
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('message_events_message_id').on('message_events').columns(['message_id', 'seq']).execute();

    // The dedup key is inserted before its message row (it decides whether there is a message row at all),
    // so its foreign key is checked at commit.
    await db.schema
      .createTable('dedup_keys')
      .addColumn('sender_partner', 'text', (c) => c.notNull())
      .addColumn('dedup_key', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('dedup_keys_pk', ['sender_partner', 'dedup_key'])
      .addForeignKeyConstraint('dedup_keys_message_fk', ['message_id'], 'messages', ['id'], (fk) =>
        fk.onDelete('cascade').deferrable().initiallyDeferred(),
      )
      .execute();
    await db.schema.createIndex('dedup_keys_message_id').on('dedup_keys').column('message_id').execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('partner', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'dead')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_http_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('deliveries_pk', ['message_id', 'partner'])
      .execute();
    await db.schema.createIndex('deliveries_status_updated_at').on('deliveries').columns(['status', 'updated_at']).execute();
  },
};
