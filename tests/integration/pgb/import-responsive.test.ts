// Issue 11, Done-when 5's other half: a large uitvallijst import must not starve the gateway. While a
// 10,000-row list imports, /healthz (the event loop) keeps answering quickly and /readyz (which reads the
// store, with a 2 s timeout) stays ready: the import reads its file without holding the store (its rows are
// staged a batch per short transaction) and gives the event loop a turn every few hundred rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { auditFeature } from '../../../audit/index.ts';
import { PGB_SUBSCRIPTION } from '../../../pgb/brp.ts';
import { pgbFeature } from '../../../pgb/feature.ts';
import type { PgbTables } from '../../../pgb/tables.ts';
import { createSubscriptionsFeature } from '../../../subscriptions/feature.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';
import { listCsv, testBsn, type ListRow } from '../../support/pgb.ts';
import { pgbClient } from './pgb-client.ts';

const ROWS = 10_000;
/**
 * Generous for a shared 2-core machine (load 15 and more): a turn of the event loop is a few hundred rows, tens
 * of milliseconds on a quiet one; what it rules out is the event loop held for much of the import. The sharper
 * check is /readyz: before decision 0018 its store ping timed out (503) while a list of this size imported.
 */
const HEALTHZ_BOUND_MS = 5_000;

let chain: TestChain;
let pgb: ReturnType<typeof pgbClient>;

beforeAll(async () => {
  chain = await startTestChain({
    endpoints: { gbav: () => ({ status: 200 }) },
    features: [auditFeature, createSubscriptionsFeature({ internal: [PGB_SUBSCRIPTION] }), pgbFeature],
    env: { KP_BRP_SYNC_INTERVAL_MS: '0', KP_BRP_RETENTION_DAYS: '0', KP_PGB_DEADLINE_SCAN_MS: '0', KP_PGB_FOLLOW_SYNC_MS: '0', KP_PGB_GEMEENTECODES: '0384' },
  });
  pgb = pgbClient(chain.certs, 'pgb-beheer', chain.kp.url);
}, 240_000);

afterAll(async () => {
  await pgb?.close();
  await chain?.close();
});

const tables = () => chain.kp.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;

async function count(table: 'pgb_items' | 'pgb_import_rows' | 'pgb_imports', importId?: string): Promise<number> {
  let q = tables().selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (importId !== undefined) q = q.where('last_import_id' as never, '=', importId as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const list = (from: number, n: number): ListRow[] =>
  Array.from({ length: n }, (_, i) => ({ bsn: testBsn(from + i), bedrag: '1,00', reden: 'Onbekend', expected: 'niet-gevonden' }));

async function timed(path: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await pgb.get(path);
  return { ms: performance.now() - t0, status: res.status };
}

describe('a large uitvallijst import', () => {
  it('leaves /healthz answering and /readyz ready while it runs', async () => {
    const file = listCsv(list(500_000, ROWS));
    let done = false;
    const t0 = performance.now();
    const upload = pgb.upload(file, 'text/csv').finally(() => { done = true; });
    const health: number[] = [];
    const ready: { ms: number; status: number }[] = [];
    const probe = async (path: string, into: (r: { ms: number; status: number }) => void) => {
      while (!done) {
        into(await timed(path));
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all([probe('/healthz', (r) => health.push(r.ms)), probe('/readyz', (r) => ready.push(r))]);
    const res = await upload;
    const importMs = performance.now() - t0;
    expect(res.status).toBe(201);
    expect(res.body.summary).toMatchObject({ rows: ROWS, validRows: ROWS, unmatched: ROWS });
    console.log(`${ROWS} rows imported in ${importMs.toFixed(0)} ms; during it /healthz answered ${health.length} times, max ${Math.max(...health).toFixed(0)} ms; /readyz max ${Math.max(...ready.map((r) => r.ms)).toFixed(0)} ms, statuses ${[...new Set(ready.map((r) => r.status))].join(',')}`);
    // Probed throughout, not once before a blocked event loop let the upload finish.
    expect(health.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...health)).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(ready.filter((r) => r.status !== 200)).toEqual([]);
    // The items are there, all of them, and nothing is left staged.
    expect(await count('pgb_items', res.body.id)).toBe(ROWS);
    expect(await count('pgb_import_rows')).toBe(0);
  }, 300_000);

  it('leaves nothing when the file turns out unreadable after thousands of rows were staged', async () => {
    const items = await count('pgb_items');
    const imports = await count('pgb_imports');
    const good = listCsv(list(600_000, 5_000)).toString('utf8');
    // A stray quote in the middle of a field of row 4,502 (csv-parse: invalid opening quote).
    const lines = good.split('\r\n');
    lines[4_501] = lines[4_501]!.replace('Onbekend', 'Onbe"kend');
    const res = await pgb.upload(Buffer.from(lines.join('\r\n')), 'text/csv');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'unreadable-list' });
    expect(await count('pgb_items')).toBe(items);
    expect(await count('pgb_imports')).toBe(imports);
    expect(await count('pgb_import_rows')).toBe(0);
  }, 120_000);
});
