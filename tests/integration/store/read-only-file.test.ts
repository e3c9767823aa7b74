import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { unavailableCode } from '../../../store/unavailable.ts';
import { freshStore, testDbKind, type FreshStore } from '../../support/db.ts';
import { newMessage } from './new-message.ts';

// A SQLite database file (and WAL) that becomes read-only under the running store: SQLite answers the write
// with SQLITE_IOERR_WRITE and rolls the transaction back itself. The store must say "unavailable" (ingest: 503),
// not fail on its own ROLLBACK ("no transaction is active", which was a 500), and write again once it is back.
// As root, whom file modes do not stop, the files are made immutable (chattr +i, undone after).

let fresh: FreshStore | undefined;
let files: string[] = [];
afterEach(async () => {
  if (files.length > 0) execFileSync('chattr', ['-i', ...files]);
  files = [];
  await fresh?.cleanup();
  fresh = undefined;
});

// Root only (chattr); a file system without the immutable flag fails at chattr, loudly.
const canChattr = testDbKind() === 'sqlite' && process.getuid?.() === 0;

describe('a SQLite file that becomes read-only', () => {
  it.skipIf(!canChattr)('a write is store-unavailable while it lasts, and succeeds again after', async () => {
    fresh = await freshStore();
    const { store } = fresh;
    await store.insertMessage(newMessage());
    const file = fresh.options.sqliteFile!;
    files = [file, `${file}-wal`].filter((f) => existsSync(f));
    execFileSync('chattr', ['+i', ...files]);
    const failed = await store.insertMessage(newMessage()).then(() => undefined, (err: unknown) => err);
    expect(failed).toBeDefined();
    expect(unavailableCode(failed)).toMatch(/^SQLITE_(IOERR|READONLY|FULL)/);
    execFileSync('chattr', ['-i', ...files]);
    files = [];
    const { meta } = await store.insertMessage(newMessage());
    expect((await store.getMeta(meta.id))?.id).toBe(meta.id);
  });
});
