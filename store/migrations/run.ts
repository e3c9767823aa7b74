import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Dialect } from '../db.ts';
import type { Database } from '../schema.ts';
import { MIGRATIONS } from './list.ts';
import type { Migration } from './migration.ts';

/**
 * Applies the missing migrations in one transaction. Safe when several processes start at once:
 * PostgreSQL serialises on a transaction-scoped advisory lock, SQLite on BEGIN IMMEDIATE (the write lock).
 * DDL is transactional on both, so a failed migration leaves nothing half-applied.
 */
export async function migrate(
  db: Kysely<Database>,
  dialect: Dialect,
  logger?: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('ketenpoort.store.migrations'))`.execute(trx);
    await trx.schema
      .createTable('kp_schema_migrations')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const applied = new Set((await trx.selectFrom('kp_schema_migrations').select('id').execute()).map((r) => r.id));
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    if (unknown.length > 0) logger?.warn({ unknown }, 'database has migrations this version does not know (newer code ran here?)');

    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      await m.up(trx, dialect);
      await trx.insertInto('kp_schema_migrations').values({ id: m.id, applied_at: Date.now() }).execute();
      done.push(m.id);
    }
    if (done.length > 0) logger?.info({ migrations: done, dialect }, 'store migrations applied');
    return done;
  });
}
