import { sql, type Kysely } from 'kysely';
import type { Migration } from '../store/index.ts';
import { AFNEMERSINDICATIE_STATUSES, VOLGINDICATIE_STATUSES } from './tables.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const subscriptionMigrations: readonly Migration[] = [
  {
    id: 'subscriptions/001-volgindicaties',
    async up(db: Kysely<any>, dialect) {
      const blob = dialect === 'postgres' ? 'bytea' : 'blob';

      await db.schema
        .createTable('volgindicaties')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subscriber', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('bsn_key_id', 'text', (c) => c.notNull())
        .addColumn('bsn_blob', blob, (c) => c.notNull())
        .addColumn('referentie', 'text')
        .addColumn('begindatum', 'text', (c) => c.notNull())
        .addColumn('einddatum', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(VOLGINDICATIE_STATUSES)})`))
        .addColumn('reden_code', 'text')
        .addColumn('reden_omschrijving', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('volgindicaties_subscriber_bsn', ['subscriber', 'bsn_hash'])
        .execute();
      await db.schema.createIndex('volgindicaties_bsn_hash').on('volgindicaties').column('bsn_hash').execute();
      await db.schema.createIndex('volgindicaties_updated_at').on('volgindicaties').column('updated_at').execute();
      await db.schema.createIndex('volgindicaties_status_einddatum').on('volgindicaties').columns(['status', 'einddatum']).execute();

      await db.schema
        .createTable('afnemersindicaties')
        .addColumn('bsn_hash', 'text', (c) => c.primaryKey())
        .addColumn('bsn_key_id', 'text', (c) => c.notNull())
        .addColumn('bsn_blob', blob, (c) => c.notNull())
        .addColumn('anummer_key_id', 'text')
        .addColumn('anummer_blob', blob)
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(AFNEMERSINDICATIE_STATUSES)})`))
        .addColumn('reden_code', 'text')
        .addColumn('reden_omschrijving', 'text')
        .addColumn('generatie', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ap01_message_id', 'text')
        .addColumn('av01_message_id', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('afnemersindicaties_status').on('afnemersindicaties').column('status').execute();

      await db.schema
        .createTable('anummer_aliases')
        .addColumn('anummer_hash', 'text', (c) => c.primaryKey())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('bron', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('anummer_aliases_bsn_hash').on('anummer_aliases').column('bsn_hash').execute();
      await db.schema.createIndex('anummer_aliases_created_at').on('anummer_aliases').column('created_at').execute();

      await db.schema
        .createTable('brp_alerts')
        .addColumn('mutatie_sleutel', 'text', (c) => c.notNull())
        .addColumn('subscriber', 'text', (c) => c.notNull())
        .addColumn('gebeurtenis', 'text', (c) => c.notNull())
        .addColumn('mutatie_id', 'text', (c) => c.notNull())
        .addColumn('volgindicatie_id', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('datum', 'text')
        .addColumn('alert_message_id', 'text')
        .addColumn('dag', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('brp_alerts_pk', ['mutatie_sleutel', 'subscriber', 'gebeurtenis'])
        .execute();
      await db.schema.createIndex('brp_alerts_subscriber_dag').on('brp_alerts').columns(['subscriber', 'dag']).execute();
      await db.schema.createIndex('brp_alerts_volgindicatie').on('brp_alerts').column('volgindicatie_id').execute();
    },
  },
];
