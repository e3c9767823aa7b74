import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerEndpoint } from '../../../demo/partner-endpoint.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { ANSWERS_CONSUMER, MUTATIONS_CONSUMER } from '../../../subscriptions/consumers.ts';
import { testCerts } from '../../support/certs.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { freshDatabase, rawQuery, testDbKind } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, testEnv, writeTestPartners } from '../../support/gateway.ts';
import { describeRun, sendUntilAccepted, type SendRun } from '../../support/sender.ts';

// The store fails under load and comes back; the gateway runs as its own process against a real database.
// Every 202 must reach the partner once the store is back (counted at the receiver before its duplicate
// elimination), and no message of the run may be left half-way in the store.
//
// How writes are refused, for real:
// - PostgreSQL: statement triggers on the store's tables raise SQLSTATE 25006 (read_only_sql_transaction), what
//   a primary that became a read-only standby answers; only in this test's own database.
// - SQLite, two faults:
//   - another process holds the database's write lock (BEGIN IMMEDIATE), as a backup or maintenance job or an
//     operator's sqlite3 shell does. Reads go on (WAL), every write waits and then fails with SQLITE_BUSY;
//   - the database file and its WAL become read-only under the running gateway. As root (these tests run as
//     root, whom file modes do not stop) the files are made immutable (`chattr +i`, which stops root too and
//     which the test undoes); otherwise their write permission is removed. Reads go on, every write fails
//     (SQLITE_IOERR_WRITE or SQLITE_READONLY), as on a file system remounted read-only or a disk that failed;
//   - the disk is full: a gateway of its own keeps its database on a small tmpfs the test mounts (as root), and
//     a file that takes every free byte fills it; writes that need space fail with SQLITE_FULL (a write that
//     reuses pages the WAL already has still succeeds, as on a real full disk). Removing the file frees it.

const COUNT = 500;
const FAULT_MS = 40_000;
const PARTNERS_WITH_QUEUES = ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk', ANSWERS_CONSUMER, MUTATIONS_CONSUMER];
const STORE_TABLES = ['messages', 'deliveries', 'message_events', 'dedup_keys', 'message_bsns'];

let certs: Awaited<ReturnType<typeof testCerts>>;
let endpoint: PartnerEndpoint;
let gateway: ChildGateway;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;
let partnersFile: string;
let main: Target;

/** A gateway process under test and its database. */
interface Target { gateway: ChildGateway; base: string; opsBase: string; db: { databaseUrl?: string; sqliteFile?: string } }

beforeAll(async () => {
  certs = await testCerts();
  endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
  partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-faults-')), certs, { 'aanbieder-42420001': endpoint.url }, { timeoutMs: 5_000, backoffBaseMs: 200, backoffMaxMs: 3_000, maxAttempts: 20 });
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  main = await startTarget(db, prefix);
  gateway = main.gateway;
}, 600_000);

async function startTarget(database: Target['db'], queuePrefix: string): Promise<Target> {
  const [port, opsPort] = [await freePort(), await freePort()];
  const env = {
    ...testEnv(certs, partnersFile, database, queuePrefix), KP_PORT: String(port), KP_OPS_PORT: String(opsPort), KP_DEV_CERTS_DIR: certs.dir,
    KP_RECONCILE_INTERVAL_MS: '1000', KP_RECONCILE_AFTER_MS: '3000', KP_HANDLER_MAX_FAILURES: '5',
  };
  const child = new ChildGateway(env);
  await child.start(540_000); // a loaded two-core machine (shared with other work) compiles the gateway slowly
  return { gateway: child, base: `https://localhost:${port}`, opsBase: `http://127.0.0.1:${opsPort}`, db: database };
}

afterAll(async () => {
  await gateway?.kill('SIGTERM');
  if (process.env.KP_TEST_KEEP_LOGS) writeFileSync(process.env.KP_TEST_KEEP_LOGS, (gateway?.logs ?? []).join('\n'));
  await endpoint?.stop();
  expect(personalDataIn(gateway?.logs ?? [])).toEqual([]);
  await deleteTopology(AMQP_URL, prefix, PARTNERS_WITH_QUEUES, TEST_RETRY_TIERS);
  await db?.cleanup();
});

async function readyz(opsBase: string): Promise<number> {
  try {
    const res = await request(`${opsBase}/readyz`, { signal: AbortSignal.timeout(3_000) });
    await res.body.text();
    return res.statusCode;
  } catch {
    return 0;
  }
}

type Fault = 'refused writes' | 'write lock' | 'read-only file' | 'full disk';

/** The SQLite files made read-only: immutable as root (file modes do not stop root), else without write permission. */
function makeReadOnly(files: string[]): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', ...files]);
    return () => execFileSync('chattr', ['-i', ...files]);
  }
  const modes = files.map((f) => statSync(f).mode & 0o7777);
  for (const f of files) chmodSync(f, 0o444);
  return () => files.forEach((f, i) => chmodSync(f, modes[i]!));
}

/** Whether this machine can make a file read-only under a running process (chattr needs ext2/3/4, xfs, btrfs…). */
function canMakeReadOnly(): boolean {
  const probe = path.join(path.dirname(db.sqliteFile!), `kp-readonly-probe-${randomBytes(4).toString('hex')}`);
  writeFileSync(probe, 'x');
  try {
    makeReadOnly([probe])();
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * A tmpfs of `size` mounted for this test (root only; undefined where mounting is not allowed), with the function
 * that unmounts it.
 */
function smallFileSystem(size: string): { dir: string; unmount: () => void } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return { dir, unmount: () => { execFileSync('umount', ['-l', dir]); rmSync(dir, { recursive: true, force: true }); } };
}

const FILL_MARGIN_BYTES = 4 * 1024 * 1024;

/** Fills the file system that holds `dir` to its last byte; the returned function frees the space again. */
function fillFileSystem(dir: string): () => void {
  const filler = path.join(dir, 'filler');
  const { bavail, bsize } = statfsSync(dir);
  // Short of the free space read a moment ago by a margin: the gateway under load goes on writing meanwhile
  // (CI once saw fallocate itself fail with ENOSPC when it asked for every byte statfs had reported).
  execFileSync('fallocate', ['-l', String(Math.max(0, Number(bavail) * Number(bsize) - FILL_MARGIN_BYTES)), filler]);
  // The margin and what fallocate's rounding left: written until the file system says ENOSPC, in smaller
  // pieces at the end.
  for (const piece of [Buffer.alloc(Number(bsize) * 64), Buffer.alloc(Number(bsize))]) {
    for (;;) {
      try {
        appendFileSync(filler, piece);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOSPC') throw err;
        break;
      }
    }
  }
  return () => rmSync(filler, { force: true });
}

/** Refuses every write to the store's tables until the returned function is called. */
async function refuseWrites(fault: Fault, target: Target): Promise<() => Promise<void>> {
  const db = target.db;
  if (fault === 'full disk') {
    const free = fillFileSystem(path.dirname(db.sqliteFile!));
    return async () => free();
  }
  if (db.databaseUrl) {
    await rawQuery(db, `CREATE FUNCTION kp_test_refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'writes refused by the store fault test' USING ERRCODE = 'read_only_sql_transaction'; END $$`);
    for (const t of STORE_TABLES) {
      await rawQuery(db, `CREATE TRIGGER kp_test_refuse BEFORE INSERT OR UPDATE OR DELETE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION kp_test_refuse_writes()`);
    }
    return async () => {
      for (const t of STORE_TABLES) await rawQuery(db, `DROP TRIGGER kp_test_refuse ON ${t}`);
      await rawQuery(db, 'DROP FUNCTION kp_test_refuse_writes()');
    };
  }
  if (fault === 'read-only file') {
    const files = [db.sqliteFile!, `${db.sqliteFile}-wal`].filter((f) => existsSync(f));
    const undo = makeReadOnly(files);
    return async () => undo();
  }
  const holder = new BetterSqlite3(db.sqliteFile!, { timeout: 30_000 });
  holder.exec('BEGIN IMMEDIATE');
  return async () => {
    holder.exec('ROLLBACK');
    holder.close();
  };
}

/** Waits until every message of the run reached the receiver, then reports what the store and the receiver saw. */
async function expectEveryAcceptedDelivered(run: SendRun, before: number, db: Target['db']) {
  expect(run.conflicts).toEqual([]);
  expect(run.accepted.size).toBe(COUNT);
  const ids = new Set(run.accepted.values());
  expect(ids.size).toBe(COUNT);
  await endpoint.waitFor(before + COUNT, 180_000);
  expect([...ids].filter((id) => !endpoint.received.has(id))).toEqual([]);
  expect(endpoint.received.size).toBe(before + COUNT); // nothing that was not accepted
  // Requests per id at the receiver, before its duplicate elimination.
  const repeats = [...ids].reduce((n, id) => n + (endpoint.hits.get(id)?.length ?? 0) - 1, 0);

  // Nothing of this run half-way: every message of the sender delivered, no delivery pending. The last
  // attempt records land a moment after the partner's 2xx, so the store is given a few seconds to converge.
  const list = [...ids].map((id) => `'${id}'`).join(',');
  let stranded: Record<string, unknown>[] = [];
  for (let i = 0; i < 100; i++) {
    stranded = await rawQuery(db, `select m.status as status, count(*) as n from messages m where m.id in (${list}) and m.status <> 'delivered' group by m.status
      union all select 'delivery ' || d.status as status, count(*) as n from deliveries d where d.message_id in (${list}) and d.status <> 'delivered' group by d.status`);
    if (stranded.length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(stranded).toEqual([]);
  const [reconciled] = await rawQuery(db, `select count(*) as n from message_events where type = 'reconciled' and message_id in (${list})`);
  return { repeats, reconciled: Number(reconciled!.n) };
}

const FAULTS: { fault: Fault; offset: number }[] = testDbKind() === 'postgres'
  ? [{ fault: 'refused writes', offset: 0 }]
  : [{ fault: 'write lock', offset: 0 }, { fault: 'read-only file', offset: 20_000 }];

/** Sends COUNT messages to `target` and refuses its store's writes for FAULT_MS after the 100th 202. */
async function underFault(kind: Fault, offset: number, target: Target): Promise<void> {
  const before = endpoint.received.size;
  let fault: Promise<void> | undefined;
  const readiness: number[] = [];
  const run = await sendUntilAccepted(target.base, certs, {
    count: COUNT, offset, concurrency: 32, perMessageMs: 600_000, // a starved machine answers slowly; what counts is that every 202 arrives
    onAccepted: (n) => {
      if (n !== 100 || fault) return;
      fault = (async () => {
        const lift = await refuseWrites(kind, target);
        try {
          const until = Date.now() + FAULT_MS;
          while (Date.now() < until) {
            readiness.push(await readyz(target.opsBase));
            await new Promise((r) => setTimeout(r, 1_000));
          }
        } finally {
          await lift();
        }
      })();
    },
  });
  await fault;
  expect(target.gateway.alive).toBe(true);
  expect(run.refusals.get('503 store-unavailable') ?? 0).toBeGreaterThan(0); // the fault was real
  expect([...run.refusals.keys()].every((k) => k.startsWith('503 '))).toBe(true); // never a 500
  expect(run.withoutRetryAfter).toBe(0);
  expect(readiness).toContain(503); // /readyz showed the store down
  const { repeats, reconciled } = await expectEveryAcceptedDelivered(run, before, target.db);
  await expect.poll(() => readyz(target.opsBase), { timeout: 15_000 }).toBe(200);
  console.info(`[faults] ${testDbKind()} writes refused ${FAULT_MS / 1000} s (${kind}): ${describeRun(run)}; delivered ${COUNT}/${COUNT}, ` +
    `${repeats} repeated POSTs at the receiver (${endpoint.duplicateRequests} duplicates absorbed in all), ${reconciled} reconciled, 0 stranded; ` +
    `readyz during the fault: ${readiness.filter((s) => s === 503).length}×503 of ${readiness.length}`);
}

describe('the store fails under load', () => {
  for (const { fault: kind, offset } of FAULTS) it(`store writes refused for ${FAULT_MS / 1000} s (${kind}): 503 store-unavailable meanwhile, every 202 delivered once it is back, nothing left half-way`, async (ctx) => {
    if (kind === 'read-only file' && !canMakeReadOnly()) {
      console.info('[faults] sqlite read-only file: skipped, this file system cannot make a file read-only for root (chattr)');
      ctx.skip();
    }
    await underFault(kind, offset, main);
  }, 360_000);

  // A gateway of its own, with its database on a 64 MB tmpfs and its own queues (the main gateway's messages are
  // not in that database). Skipped where the test cannot mount (not root, or no mount in a container).
  it.skipIf(testDbKind() !== 'sqlite')(`store writes refused for ${FAULT_MS / 1000} s (full disk): 503 store-unavailable meanwhile, every 202 delivered once space is freed, nothing left half-way`, async (ctx) => {
    const fs = smallFileSystem('64m');
    if (!fs) {
      console.info('[faults] sqlite full disk: skipped, this process cannot mount a tmpfs (needs root and mount rights)');
      ctx.skip();
      return;
    }
    const fullPrefix = `kpt${randomBytes(4).toString('hex')}`;
    let target: Target | undefined;
    try {
      target = await startTarget({ sqliteFile: path.join(fs.dir, 'ketenpoort.db') }, fullPrefix);
      await underFault('full disk', 30_000, target);
      expect(target.gateway.logs.some((l) => l.includes('SQLITE_FULL'))).toBe(true); // the refusals were the full disk's
    } finally {
      await target?.gateway.stop(60_000);
      if (target) expect(personalDataIn(target.gateway.logs)).toEqual([]);
      await deleteTopology(AMQP_URL, fullPrefix, PARTNERS_WITH_QUEUES, TEST_RETRY_TIERS).catch(() => undefined);
      fs.unmount();
    }
  }, 900_000);

  it.skipIf(testDbKind() !== 'postgres')('PostgreSQL connections terminated under load: the process survives and every 202 is delivered', async () => {
    const before = endpoint.received.size;
    const name = new URL(db.databaseUrl!).pathname.slice(1);
    let cuts: Promise<number> | undefined;
    const run = await sendUntilAccepted(main.base, certs, {
      count: COUNT, offset: 10_000, concurrency: 32,
      onAccepted: (n) => {
        if (n !== 100 || cuts) return;
        cuts = (async () => {
          let terminated = 0;
          for (let i = 0; i < 5; i++) {
            const rows = await rawQuery(db, `select pg_terminate_backend(pid) as t from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
            terminated += rows.filter((r) => r.t === true).length;
            await new Promise((r) => setTimeout(r, 1_000));
          }
          return terminated;
        })();
      },
    });
    const terminated = await cuts;
    expect(terminated).toBeGreaterThan(0);
    expect(gateway.alive).toBe(true); // no unhandled 'error' event took it down
    expect(gateway.logs.some((l) => l.includes('Unhandled') || l.includes('uncaught'))).toBe(false);
    expect([...run.refusals.keys()].every((k) => k.startsWith('503 '))).toBe(true);
    const { repeats, reconciled } = await expectEveryAcceptedDelivered(run, before, db);
    console.info(`[faults] postgres ${terminated} connections terminated in 5 rounds: ${describeRun(run)}; delivered ${COUNT}/${COUNT}, ` +
      `${repeats} repeated POSTs at the receiver, ${reconciled} reconciled, 0 stranded`);
  }, 300_000);
});
