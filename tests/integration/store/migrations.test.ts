import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../store/index.ts';
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
      expect(applied.map((r) => r.id)).toEqual(['001-initial']);
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
      expect(await rawQuery(db, `select id from kp_schema_migrations`)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
