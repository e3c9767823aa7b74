// Two gateway processes (two stores, each with its own pool and group committer, on one PostgreSQL database)
// take a TKB for the same budget at the same moment: exactly one is accepted and booked, the other is refused with
// TR507 — never both, never an error. The second's version insert meets the first's primary key; the store runs
// its persist again in a savepoint of its own, which then sees the first TKB and refuses (pgb/README.md).
// The same for two TKBs with one Identificatie: one passes, the other is TR056 (a claim, pgb/identificaties.ts).
// PostgreSQL only: SQLite is one process with one writer, where the flow test covers the same rule.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpgbAdapter, ipgbSchemasDir, type IpgbAdapter } from '../../../adapters/ipgb/index.ts';
import type { Partner } from '../../../config/partners.ts';
import type { Inspection } from '../../../ingest/accept.ts';
import { SCHEMAS_DIR } from '../../../ketenpoort.ts';
import { PgbLedger } from '../../../pgb/apply.ts';
import { pgbInspector } from '../../../pgb/inspector.ts';
import { pgbMigrations } from '../../../pgb/migrations.ts';
import { openStore, type Store } from '../../../store/index.ts';
import { freshStore, rawQuery, testDbKind, type FreshStore } from '../../support/db.ts';
import { testBsn } from '../../support/pgb.ts';
import { newMessage } from '../store/new-message.ts';

const BUDGETS = 8;
let fresh: FreshStore;
let other: Store;
let adapter: IpgbAdapter;

describe.skipIf(testDbKind() !== 'postgres')('two processes, one budget', () => {
  beforeAll(async () => {
    fresh = await freshStore({ migrations: pgbMigrations });
    other = await openStore({ ...fresh.options, migrations: pgbMigrations });
    adapter = createIpgbAdapter(ipgbSchemasDir(SCHEMAS_DIR, {}));
  });
  afterAll(async () => {
    adapter?.dispose();
    await other?.close();
    await fresh?.cleanup();
  });

  const gemeente = { name: 'gemeente-0384', role: 'gemeente' } as Partner;
  const xml = readFileSync(path.resolve('tests/fixtures/ipgb/WMO501.xml'), 'utf8');
  const tkb = (n: number, identificatie: string) => Buffer.from(xml
    .replace('<wmo501:Bsn>777000003</wmo501:Bsn>', `<wmo501:Bsn>${testBsn(8100 + n)}</wmo501:Bsn>`)
    .replace('<ipgb:Identificatie>TKB-W-0001</ipgb:Identificatie>', `<ipgb:Identificatie>${identificatie}</ipgb:Identificatie>`)
    .replace('<wmo501:BudgetIdentificatie>PGB-W-2026-001</wmo501:BudgetIdentificatie>', `<wmo501:BudgetIdentificatie>RACE-${n}</wmo501:BudgetIdentificatie>`));

  /** What ingest does with a TKB: inspect, then store it with the inspection's persist as its own writes. */
  async function submit(store: Store, body: Buffer) {
    const inspector = pgbInspector({ store, ledger: new PgbLedger({ store }), svb: 'svb', logger: pino({ level: 'silent' }) });
    const message = adapter.process(body);
    const inspection = await inspector.inspect({ partner: gemeente, message, payload: body, dedupKey: 'x' });
    expect(inspection?.refuse).toBeUndefined();
    const result = await store.insertMessage(newMessage({
      family: 'ipgb', type: 'WMO501', payload: body, bsns: message.bsns, destinations: ['svb'],
      writes: async (trx, stored) => {
        const found = await inspection!.persist!(trx, stored);
        return found?.refuse ? { abandon: found } : undefined;
      },
    }));
    return result.abandoned === undefined ? 'accepted' : (result.abandoned as Inspection).refuse!.reason;
  }

  it('accepts one TKB per budget and refuses the other with TR507', async () => {
    // One budget at a time, its two TKBs at once (several budgets per batch in both processes, in different
    // orders, could deadlock on the budgethouder rows; PostgreSQL then aborts one batch, which is the store's to retry).
    const outcomes: string[][] = [];
    for (let n = 0; n < BUDGETS; n++) {
      outcomes.push(await Promise.all([submit(fresh.store, tkb(n, `RACE-A-${n}`)), submit(other, tkb(n, `RACE-B-${n}`))]));
    }
    for (const pair of outcomes) expect(pair.sort()).toEqual(['TR507', 'accepted']);
    const versions = await rawQuery(fresh.options, "select budget_id, count(*) as n from pgb_tkb_versions group by budget_id order by budget_id");
    expect(versions.map((v) => [v.budget_id, Number(v.n)])).toEqual(Array.from({ length: BUDGETS }, (_, n) => [`RACE-${n}`, 1]));
    const stored = await rawQuery(fresh.options, "select count(*) as n from messages where type = 'WMO501'");
    expect(Number(stored[0]!.n)).toBe(BUDGETS);
  });

  it('accepts one of two TKBs with one Identificatie (for two budgets) and refuses the other with TR056', async () => {
    // Before either commits, a read finds the Identificatie free in both processes; the claim's key does not.
    const outcomes: string[][] = [];
    for (let n = 0; n < BUDGETS; n++) {
      outcomes.push(await Promise.all([submit(fresh.store, tkb(100 + 2 * n, `RACE-ID-${n}`)), submit(other, tkb(101 + 2 * n, `RACE-ID-${n}`))]));
    }
    for (const pair of outcomes) expect(pair.sort()).toEqual(['TR056', 'accepted']);
    const claims = await rawQuery(fresh.options, "select identificatie, count(*) as n from pgb_identificaties where identificatie like 'RACE-ID-%' group by identificatie");
    expect(claims.map((c) => Number(c.n))).toEqual(Array.from({ length: BUDGETS }, () => 1));
    const booked = await rawQuery(fresh.options, "select count(*) as n from pgb_tkb_versions where berichtidentificatie like 'RACE-ID-%'");
    expect(Number(booked[0]!.n)).toBe(BUDGETS);
  });
});
