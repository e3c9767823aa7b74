import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

// The bytes of refused messages kept per partner and window (ingest/refused-keep.ts): one row per partner and
// window, charged by a conditional upsert, so every gateway process on the store draws on the same budget.
export const refusedBudget: Migration = {
  id: '004-refused-budget',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('refused_budget')
      .addColumn('partner', 'text', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('refused_budget_pk', ['partner', 'window_start'])
      .execute();
  },
};
