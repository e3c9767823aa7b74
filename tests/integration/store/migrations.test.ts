import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Migration } from '../../../store/index.ts';
import { MIGRATIONS } from '../../../store/migrations/index.ts';
import { freshDatabase, rawQuery, testSecrets } from '../../support/db.ts';
import type { FreshDatabase } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

let db: FreshDatabase | undefined;
afterEach(async () => {
  await db?.cleanup();
  db = undefined;
});

describe('migrations', () => {
  it('several processes opening a new database at once apply each migration once', async () => {
    db = await freshDatabase();
    const target = { ...db, secrets: testSecrets() };
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(target)));
    try {
      const applied = await rawQuery(db, `select id from kp_schema_migrations`);
      expect(applied.map((r) => r.id).sort()).toEqual(MIGRATIONS.map((m) => m.id));
      await Promise.all(stores.map((s) => s.ping()));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('reopening keeps the data and applies nothing again', async () => {
    db = await freshDatabase();
    const target = { ...db, secrets: testSecrets() };
    const first = await openStore(target);
    const { meta } = await first.insertMessage(newMessage());
    await first.close();
    const second = await openStore(target);
    try {
      expect(await second.getMeta(meta.id)).toEqual(meta);
      expect(await rawQuery(db, `select id from kp_schema_migrations`)).toHaveLength(MIGRATIONS.length);
    } finally {
      await second.close();
    }
  });

  it("applies a part's own migrations after the store's, and its tables are reachable through tables()", async () => {
    db = await freshDatabase();
    const notes: Migration = {
      id: 'notes/001-notes',
      async up(k) {
        await k.schema.createTable('notes').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('body', 'text', (c) => c.notNull()).execute();
      },
    };
    const store = await openStore({ ...db, secrets: testSecrets(), migrations: [notes] });
    try {
      const applied = (await rawQuery(db, `select id from kp_schema_migrations`)).map((r) => r.id);
      expect(applied).toContain('notes/001-notes');
      const k = store.tables<{ notes: { id: string; body: string } }>();
      await k.insertInto('notes').values({ id: 'a', body: 'b' }).execute();
      expect(await k.selectFrom('notes').selectAll().execute()).toEqual([{ id: 'a', body: 'b' }]);
      expect((await sql<{ n: number }>`select 1 as n`.execute(k)).rows[0]?.n).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('refuses a part migration whose id does not name its part', async () => {
    db = await freshDatabase();
    await expect(openStore({ ...db, secrets: testSecrets(), migrations: [{ id: '003-loose', up: async () => undefined }] }))
      .rejects.toThrow(/must be '<part>\/<name>'/);
  });
});
