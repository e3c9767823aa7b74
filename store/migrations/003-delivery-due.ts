import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

// When a pending delivery is next due: set when an attempt schedules its retry, and when the reconciler puts
// it back on its way. A pending delivery past this (plus a bound) with no live lease has been lost on the way
// (a broker copy dropped, a retry publish that failed, a process that died) and is published again.
export const deliveryDue: Migration = {
  id: '003-delivery-due',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('deliveries').addColumn('next_attempt_at', 'bigint').execute();
    await db.schema.createIndex('deliveries_status_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
  },
};
