// PGB uitvallijst benchmark (issue 11, Done-when 5): import + reconcile 100,000 rows against 100,000 budgets.
//
//   npx tsx bench/pgb-reconcile.ts                       (PGB_BENCH_BUDGETS=100000 PGB_BENCH_ROWS=100000 PGB_BENCH_FORMAT=csv|xlsx)
//   PGB_BENCH_DIR=/tmp/pgb-bench npx tsx bench/pgb-reconcile.ts   fill once, then reuse (see prepared())
//
// The ledger (budgets, budgethouders with sealed BSNs, a BAB above budget on some) is written straight into a
// fresh SQLite store through the feature's migrations; the list is generated in the default layout: 80 % of
// the rows name a budget by BudgetIdentificatie, 10 % only BSN + zorgfunctie + period, 5 % BSN alone, 5 %
// nobody known. The timed part runs in a fresh child process and is exactly what POST /v1/pgb/uitvallijsten
// does after the body arrived: parse (csv-parse / exceljs streaming), check every row (11-proef, dates,
// amounts), read the ledger of each batch's persons, reconcile, stage the rows in short transactions, then
// merge them into the worklist, close what is gone and keep the sealed file in one transaction (decision
// 0018). Peak RSS is sampled every 20 ms in that child, and read from the kernel's high-water mark.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import ExcelJS from 'exceljs';
import { openStore, type StoreSecrets } from '../store/index.ts';
import { importUitvallijst } from '../pgb/import.ts';
import { budgethouderAad } from '../pgb/ledger.ts';
import { pgbMigrations } from '../pgb/migrations.ts';
import type { PgbTables } from '../pgb/tables.ts';
import { loadLayouts } from '../pgb/uitvallijst/layout.ts';
import { testBsn } from '../tests/support/pgb.ts';

const BUDGETS = Number(process.env.PGB_BENCH_BUDGETS ?? 100_000);
const ROWS = Number(process.env.PGB_BENCH_ROWS ?? 100_000);
const FORMAT = (process.env.PGB_BENCH_FORMAT ?? 'csv') as 'csv' | 'xlsx';
const CHILD = process.env.PGB_BENCH_CHILD;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

function secretsFrom(seed: string): StoreSecrets {
  const key = Buffer.from(seed, 'hex');
  return { payloadKeys: new Map([['b1', key]]), activeKeyId: 'b1', bsnHmacKey: key };
}

// testBsn(n) searches from n*11; spread the persons so every index is distinct.
const bsnOf = (i: number) => testBsn(i * 7 + 3);

async function fill(dir: string, seed: string): Promise<{ file: string; db: string }> {
  const sqliteFile = path.join(dir, 'ketenpoort.db');
  const store = await openStore({ sqliteFile, secrets: secretsFrom(seed), migrations: pgbMigrations, sqliteSynchronous: 'NORMAL' });
  const db = store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  const started = performance.now();
  const bsns: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; bsns.length < BUDGETS; i++) {
    const b = bsnOf(i);
    if (seen.has(b)) continue;
    seen.add(b);
    bsns.push(b);
  }
  const states = ['geaccepteerd', 'geaccepteerd', 'geaccepteerd', 'afgekeurd', 'verzonden'] as const;
  for (let from = 0; from < BUDGETS; from += 1000) {
    await db.transaction().execute(async (trx) => {
      const people = [];
      const budgets = [];
      for (let i = from; i < Math.min(from + 1000, BUDGETS); i++) {
        const bsn = bsns[i]!;
        const h = store.bsnHash(bsn);
        const sealed = store.seal(budgethouderAad(h), Buffer.from(bsn));
        people.push({ bsn_hash: h, bsn_key_id: sealed.keyId, bsn_blob: sealed.blob, gevolgd: 1, brp_gebeurtenis: i % 97 === 0 ? 'overleden' : null, brp_datum: null, brp_nieuwe_gemeente: null, brp_at: null, updated_at: 0 });
        const state = states[i % states.length]!;
        budgets.push({
          afzender: '0384', budget_id: `PGB-${i}`, bsn_hash: h, wet: 'wmo', budget_id_oud: null, state, versions: 1, vervangen_door: null,
          functiebudgetten: JSON.stringify([{ zorgfunctie: String(1 + (i % 9)).padStart(2, '0'), begin: '2026-01-01', einde: '2026-12-31', bedrag: 1_000_000, vv: null }]),
          periode_begin: '2026-01-01', periode_einde: '2026-12-31', retour_codes: state === 'afgekeurd' ? '9502' : null, created_at: 0, updated_at: i,
        });
      }
      await trx.insertInto('pgb_budgethouders').values(people).execute();
      await trx.insertInto('pgb_budgets').values(budgets).execute();
    });
  }
  const babs = [];
  for (let i = 0; i < BUDGETS; i += 50) {
    babs.push({ message_id: `bab-${i}`, line: 1, berichtidentificatie: `B${i}`, afzender: '0384', budget_id: `PGB-${i}`, bsn_hash: store.bsnHash(bsns[i]!), zorgfunctie: String(1 + (i % 9)).padStart(2, '0'), begin: '2026-01-01', einde: '2026-12-31', reden: '3', besteed: 1_100_000, vv_besteed: null, ziekengeld: null, toegekend: 1_000_000, vv_toegekend: null, boven_budget: 1, received_at: 0 });
    if (babs.length === 500) await db.insertInto('pgb_babs').values(babs.splice(0)).execute();
  }
  if (babs.length > 0) await db.insertInto('pgb_babs').values(babs).execute();
  await store.close();
  console.log(`ledger: ${BUDGETS.toLocaleString('en-US')} budgets written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const header = ['BSN', 'Budgetnummer', 'Zorgfunctie', 'Periode van', 'Periode tot', 'Bedrag uitval', 'Reden uitval'];
  const rowOf = (r: number): (string | number)[] => {
    const i = r % BUDGETS;
    const zf = String(1 + (i % 9)).padStart(2, '0');
    const kind = r % 20;
    if (kind < 16) return [bsns[i]!, `PGB-${i}`, zf, '01-01-2026', '31-12-2026', '123,45', 'Declaratie afgewezen'];
    if (kind < 18) return [bsns[i]!, '', zf, '01-03-2026', '31-03-2026', '10,00', 'Uitval'];
    if (kind < 19) return [bsns[i]!, '', '', '', '', '1.000,00', 'Uitval'];
    return [bsnOf(BUDGETS * 2 + r), '', '', '', '', '5,00', 'Onbekend'];
  };
  const file = path.join(dir, `uitval.${FORMAT}`);
  if (FORMAT === 'csv') {
    const lines = [header.join(';')];
    for (let r = 0; r < ROWS; r++) lines.push(rowOf(r).join(';'));
    writeFileSync(file, `${lines.join('\n')}\n`);
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('Uitval');
    ws.addRow(header).commit();
    for (let r = 0; r < ROWS; r++) ws.addRow(rowOf(r)).commit();
    ws.commit();
    await wb.commit();
  }
  return { file, db: sqliteFile };
}

async function child(): Promise<void> {
  const { file, db, seed } = JSON.parse(CHILD!) as { file: string; db: string; seed: string };
  let peak = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const baselineHeap = process.memoryUsage().heapUsed;
  const baseline = process.memoryUsage().rss;
  const store = await openStore({ sqliteFile: db, secrets: secretsFrom(seed), migrations: pgbMigrations });
  const body = readFileSync(file);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await importUitvallijst({ store, layouts: loadLayouts(), defaultLayout: 'svb-standaard', eigenGemeenten: new Set(['0384']), now: Date.now }, {
    file: body, contentType: FORMAT === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', actor: { name: 'bench', oin: '0'.repeat(20) },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  // The kernel's high-water mark of the resident set: the true peak, also while the import kept the event loop
  // too busy for the sampler (Linux; the sampler's figure elsewhere).
  const hwm = /VmHWM:\s+(\d+) kB/.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '');
  if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
  await store.close();
  const s = result.summary;
  console.log(JSON.stringify({
    format: FORMAT, fileBytes: body.length, rows: s.rows, valid: s.validRows, matched: s.matched, weak: s.weak, unmatched: s.unmatched, rejected: s.rejectedRows,
    perDiagnosis: Object.fromEntries(Object.entries(s.perDiagnosis).filter(([, v]) => v.rows > 0).map(([k, v]) => [k, v.rows])),
    seconds: +(ms / 1000).toFixed(2), rowsPerSecond: Math.round(s.rows / (ms / 1000)), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    baselineRss: mb(baseline), peakRss: mb(peak), baselineHeap: mb(baselineHeap), peakHeap: mb(peakHeap),
  }));
}

/**
 * PGB_BENCH_DIR: a folder filled once (ledger and list, seed in seed.txt) and reused, each run on a fresh copy
 * of its database, so runs of two versions of the code can be interleaved on the same data (PGB_BENCH_SCRIPT:
 * the bench file of the other version, e.g. in an exported copy of an earlier commit).
 */
async function prepared(): Promise<{ dir: string; file: string; db: string; seed: string; keep: boolean }> {
  const reuse = process.env.PGB_BENCH_DIR;
  const dir = reuse ?? mkdtempSync(path.join(os.tmpdir(), 'kp-pgb-bench-'));
  const seedFile = path.join(dir, 'seed.txt');
  if (reuse && existsSync(seedFile)) {
    console.log(`ledger: reused from ${dir}`);
    return { dir, file: path.join(dir, `uitval.${FORMAT}`), db: path.join(dir, 'ketenpoort.db'), seed: readFileSync(seedFile, 'utf8').trim(), keep: true };
  }
  mkdirSync(dir, { recursive: true });
  const seed = randomBytes(32).toString('hex');
  const filled = await fill(dir, seed);
  writeFileSync(seedFile, seed);
  return { dir, ...filled, seed, keep: reuse !== undefined };
}

if (CHILD) {
  await child();
} else {
  const { dir, file, db, seed, keep } = await prepared();
  const runDb = path.join(dir, `run-${process.pid}.db`);
  try {
    copyFileSync(db, runDb);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${runDb}-wal`);
    const script = process.env.PGB_BENCH_SCRIPT ?? new URL(import.meta.url).pathname;
    const run = spawnSync(process.execPath, [...process.execArgv, ...(process.env.PGB_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), script], {
      env: { ...process.env, PGB_BENCH_CHILD: JSON.stringify({ file, db: runDb, seed }) }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
    });
    const out = run.stdout.trim().split('\n').at(-1) ?? '';
    console.log(`import + reconcile (${FORMAT}, fresh process): ${out}`);
  } finally {
    for (const f of [runDb, `${runDb}-wal`, `${runDb}-shm`]) rmSync(f, { force: true });
    if (keep || process.env.PGB_BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
