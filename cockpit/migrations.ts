import type { Kysely } from 'kysely';
import type { Migration } from '../store/index.ts';

export const cockpitMigrations: readonly Migration[] = [
  {
    id: 'cockpit/001-marks-and-replay-jobs',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cockpit_marks')
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_oin', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('cockpit_marks_pk', ['message_id', 'destination'])
        .execute();
      await db.schema
        .createTable('cockpit_replay_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_oin', 'text', (c) => c.notNull())
        .addColumn('selection', 'text', (c) => c.notNull())
        .addColumn('rate', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('replayed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.createIndex('cockpit_replay_jobs_created_at').on('cockpit_replay_jobs').column('created_at').execute();
      // Operator search reads these; the spine never does.
      await db.schema.createIndex('cockpit_messages_sender_received').on('messages').columns(['sender_partner', 'received_at']).execute();
      await db.schema.createIndex('cockpit_messages_type_received').on('messages').columns(['type', 'received_at']).execute();
      await db.schema.createIndex('cockpit_deliveries_partner_status').on('deliveries').columns(['partner', 'status']).execute();
    },
  },
];
