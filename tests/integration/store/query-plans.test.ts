import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchTexts, settleText } from '../../../store/deliveries.ts';
import { markTexts } from '../../../store/messages.ts';
import { settlesText } from '../../../istandaarden/deadline-tracker.ts';
import { istandaardenMigrations } from '../../../istandaarden/migrations.ts';
import { freshStore, testDbKind, type FreshStore } from '../../support/db.ts';

// SQLite has no statistics, so on a condition like `id in (…) and status = 'received'` it may pick the status
// index and filter the ids, which reads every row in that status (every message not yet marked, every dead
// delivery) for each statement: the cost grows with the table. The hot statements that name their rows by id
// must look them up by id.
let fresh: FreshStore;
let db: BetterSqlite3.Database;

const sqlite = testDbKind() === 'sqlite';

beforeAll(async () => {
  if (!sqlite) return;
  fresh = await freshStore({ migrations: istandaardenMigrations });
  db = new BetterSqlite3(fresh.options.sqliteFile!, { readonly: true });
});

afterAll(async () => {
  db?.close();
  await fresh?.cleanup();
});

function plan(text: string): string[] {
  const params = (text.match(/\?/g) ?? []).map(() => '[]');
  return (db.prepare(`explain query plan ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

describe.skipIf(!sqlite)('hot statements on SQLite look their rows up by id', () => {
  const byStatus = /USING (COVERING )?INDEX \w*status\w*/;
  it.each([
    ['mark published', () => markTexts('sqlite').mark],
    ['mark overtaken', () => markTexts('sqlite').overtaken],
    ['settle messages', () => settleText('sqlite')],
  ])('%s', (_name, text) => {
    const lines = plan(text());
    expect(lines.some((l) => /^SEARCH messages USING INDEX sqlite_autoindex_messages_1 \(id=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => byStatus.test(l) || /^SCAN (messages|deliveries)\b/.test(l))).toEqual([]);
  });

  // A batch's claims and attempts join the batch's rows to deliveries: each row by the primary key, never every
  // pending delivery once per batch (what SQLite chose before the status was kept off the index: the bench's
  // CPU per message grew with the table).
  // A batch's 301s settle the 315s they answer through the referentie key, not by reading every open row.
  it('settle waiting rows on referentie (batch)', () => {
    expect(plan(settlesText('sqlite'))).toEqual([
      'SCAN json_each VIRTUAL TABLE INDEX 1:',
      'SEARCH r USING COVERING INDEX sqlite_autoindex_iv_wachtend_referenties_1 (afzender=? AND referentie=?)',
      'SEARCH iv_wachtend USING INDEX sqlite_autoindex_iv_wachtend_1 (message_id=?)',
    ]);
  });

  it.each([
    ['claim deliveries (batch)', () => batchTexts('sqlite').claims],
    ['record attempts (batch)', () => batchTexts('sqlite').attempts],
  ])('%s', (_name, text) => {
    const lines = plan(text());
    expect(lines).toContain('SEARCH deliveries USING INDEX sqlite_autoindex_deliveries_1 (message_id=? AND partner=?)');
    expect(lines.filter((l) => byStatus.test(l) || /^SCAN (messages|deliveries)\b/.test(l))).toEqual([]);
  });
});
