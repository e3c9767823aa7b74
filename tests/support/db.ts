import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../store/index.ts';
import type { Store, StoreOptions, StoreSecrets } from '../../store/index.ts';

// KP_TEST_DB=sqlite → a new SQLite file under os.tmpdir(); KP_TEST_DB=postgres → a new database
// kp_test_<random> on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped in cleanup.

export type TestDbKind = 'sqlite' | 'postgres';

export function testDbKind(): TestDbKind {
  const kind = process.env.KP_TEST_DB ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`KP_TEST_DB must be sqlite or postgres, not ${kind}`);
  return kind;
}

export function adminDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

const fixedKey = (label: string): Buffer => createHash('sha256').update(`ketenpoort-test:${label}`).digest();

/** Deterministic test keys: payload keys k1 and k2 (active: `activeKeyId`, default k1) and a BSN HMAC key. */
export function testSecrets(activeKeyId: 'k1' | 'k2' = 'k1'): StoreSecrets {
  return {
    payloadKeys: new Map([
      ['k1', fixedKey('payload-k1')],
      ['k2', fixedKey('payload-k2')],
    ]),
    activeKeyId,
    bsnHmacKey: fixedKey('bsn-hmac'),
  };
}

export interface FreshDatabase {
  databaseUrl?: string;
  sqliteFile?: string;
  cleanup(): Promise<void>;
}

export async function freshDatabase(): Promise<FreshDatabase> {
  if (testDbKind() === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'kp-test-'));
    return { sqliteFile: join(dir, 'ketenpoort.db'), cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const admin = adminDatabaseUrl();
  const name = `kp_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    cleanup: () => withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface FreshStore {
  store: Store;
  options: StoreOptions;
  cleanup(): Promise<void>;
}

/** A store on a fresh database; cleanup closes it (if still open) and removes the database. */
export async function freshStore(overrides: Partial<StoreOptions> = {}): Promise<FreshStore> {
  const db = await freshDatabase();
  const options: StoreOptions = {
    secrets: testSecrets(),
    ...(db.databaseUrl !== undefined ? { databaseUrl: db.databaseUrl } : {}),
    ...(db.sqliteFile !== undefined ? { sqliteFile: db.sqliteFile } : {}),
    ...overrides,
  };
  let store: Store;
  try {
    store = await openStore(options);
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  return {
    store,
    options,
    async cleanup() {
      await store.close();
      await db.cleanup();
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs one SQL statement on the database directly, past the store (to inspect what is really stored).
 * No parameters: tests interpolate only values they generated themselves.
 */
export async function rawQuery(
  target: { databaseUrl?: string; sqliteFile?: string },
  text: string,
): Promise<Record<string, unknown>[]> {
  if (target.databaseUrl !== undefined) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  if (target.sqliteFile === undefined) throw new Error('rawQuery needs databaseUrl or sqliteFile');
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const db = new BetterSqlite3(target.sqliteFile);
  try {
    const stmt = db.prepare(text);
    return stmt.reader ? (stmt.all() as Record<string, unknown>[]) : (stmt.run(), []);
  } finally {
    db.close();
  }
}
