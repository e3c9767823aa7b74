import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { rawQuery } from '../../support/db.ts';

// Issue 10, done-when 2: at most 8 statements and 3 transactions per accepted-and-delivered WMO301, counted by
// the store itself (the counters behind kp_store_statements_total, _transactions_total and
// _autocommit_statements_total). A whole gateway with every feature on takes N WMO301 over mutual TLS and
// delivers them to a live HTTPS endpoint; everything the store sent in that window (background loops included)
// is divided by N. The window ends when every message is delivered AND marked published (the mark rides on a
// later batch), so the bookkeeping after the 202 is counted too. Concurrency 64, as the issue measures it: how
// many messages share a batch, and so its statements, depends on how many are in flight (on SQLite at 16 the
// count wandered between 7.4 and 8.6 from run to run).
const WARMUP = 16;
const N = 240;
const CONCURRENCY = 64;
const OFFSET = 930_000;

let chain: TestChain;

beforeAll(async () => {
  // The sweeper as in production (the tests' 1 s grace republishes, on a slow machine, messages whose broker
  // confirm is simply late: extra claims that production does not make).
  chain = await startTestChain({ endpoints: { 'aanbieder-42420001': () => ({ status: 200 }) }, env: { KP_SWEEP_INTERVAL_MS: '5000', KP_SWEEP_GRACE_MS: '10000' } });
}, 300_000);

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

const target = () => (chain.env.DATABASE_URL ? { databaseUrl: chain.env.DATABASE_URL } : { sqliteFile: chain.env.KP_SQLITE_FILE! });

/** Read past the store (its own reads would count): how many of the messages are not yet delivered and marked. */
async function unsettled(): Promise<number> {
  const [row] = await rawQuery(target(), `select count(*) as n from messages where sender_partner = 'gemeente-0384' and (status <> 'delivered' or published_at is null)`);
  return Number(row!.n);
}

/** What the unsettled messages look like (ids, statuses and event types only: no payload, no BSN). */
async function unsettledRows(): Promise<unknown[]> {
  const rows = await rawQuery(target(), `select id, status, published_at from messages where sender_partner = 'gemeente-0384' and (status <> 'delivered' or published_at is null)`);
  return Promise.all(rows.map(async (m) => ({
    ...m,
    deliveries: await rawQuery(target(), `select partner, status, attempts, last_http_status, last_error, next_attempt_at from deliveries where message_id = '${String(m.id)}'`),
    events: (await rawQuery(target(), `select type from message_events where message_id = '${String(m.id)}' order by seq`)).map((e) => e.type),
  })));
}

async function sendAll(from: number, count: number): Promise<void> {
  const client = partnerClient(chain.certs, 'gemeente-0384', CONCURRENCY);
  let next = from;
  const statuses: number[] = [];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < from + count; i = next++) {
      // As a sender does: a 503 `overloaded` (shed under load before anything was read or stored) is sent again
      // after a pause. Without an Idempotency-Key, which would add a lookup per message to the count.
      let answer = await client.post(chain.kp.url, uniqueWmo301(OFFSET + i));
      for (let attempt = 1; answer.status === 503 && answer.body?.errors?.[0]?.code === 'overloaded' && attempt < 20; attempt++) {
        await new Promise((r) => setTimeout(r, 250));
        answer = await client.post(chain.kp.url, uniqueWmo301(OFFSET + i));
      }
      statuses.push(answer.status);
    }
  }));
  await client.close();
  expect(statuses.filter((s) => s !== 202)).toEqual([]);
}

async function settled(expected: number): Promise<void> {
  const endpoint = chain.endpoints['aanbieder-42420001']!;
  await endpoint.waitFor(expected, 120_000);
  const deadline = Date.now() + 60_000;
  while ((await unsettled()) > 0) {
    if (Date.now() > deadline) throw new Error(`${await unsettled()} messages not delivered and marked published: ${JSON.stringify(await unsettledRows())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let perMessage: Promise<{ statements: number; transactions: number }> | undefined;

const IDLE_MS = 4_000;

/**
 * Sends N messages once (both cases below read the same window). The background loops (sweeper, reconcilers,
 * deadline monitors, BRP tasks) run on timers, not per message: on a quiet machine their share of the window is
 * nil, on a loaded one (a window of minutes) it is not. So their rate is measured while the gateway is idle,
 * in the same run, and that rate times the window's length is taken off; both figures are printed.
 */
function measure(): Promise<{ statements: number; transactions: number }> {
  // One window for both cases: a failed window fails each of them with its own error, never a second run
  // that would send the same messages again.
  perMessage ??= measureOnce();
  return perMessage;
}

async function measureOnce(): Promise<{ statements: number; transactions: number }> {
  await sendAll(0, WARMUP);
  await settled(WARMUP);
  const idle0 = chain.kp.store.counters();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idle1 = chain.kp.store.counters();
  const before = chain.kp.store.counters();
  const started = performance.now();
  await sendAll(WARMUP, N);
  await settled(WARMUP + N);
  const after = chain.kp.store.counters();
  const windowMs = performance.now() - started;
  expect(chain.endpoints['aanbieder-42420001']!.received.size).toBe(WARMUP + N);
  const txOf = (c: typeof before) => c.transactions + c.autocommit;
  const background = { statements: ((idle1.statements - idle0.statements) * windowMs) / IDLE_MS, transactions: ((txOf(idle1) - txOf(idle0)) * windowMs) / IDLE_MS };
  const raw = { statements: (after.statements - before.statements) / N, transactions: (txOf(after) - txOf(before)) / N };
  const result = { statements: raw.statements - background.statements / N, transactions: raw.transactions - background.transactions / N };
  // Printed for the report (no payload, no BSN): the figures the assertions are about.
  process.stdout.write(`[${chain.kp.store.dialect}] per message: ${result.statements.toFixed(2)} statements, ${result.transactions.toFixed(2)} transactions `
    + `(with the background loops' share over the ${(windowMs / 1000).toFixed(0)} s window: ${raw.statements.toFixed(2)} and ${raw.transactions.toFixed(2)})\n`);
  return result;
}

describe(`statements and transactions per accepted and delivered WMO301 (${N} messages, concurrency ${CONCURRENCY}, every feature on)`, () => {
  it('at most 3 transactions', async () => {
    const { transactions } = await measure();
    expect(transactions).toBeLessThanOrEqual(3);
  }, 300_000);

  // Met on PostgreSQL since TR332 took one statement (7.5); on both since the feature rows, the delivery claims
  // and attempts, the answers' settlements and the publish marks' events of a batch are one statement each
  // (decision 0021): about 2.3 on PostgreSQL and 7.5 on SQLite, whose batches hold about two messages.
  it('at most 8 statements (issue 10, done-when 2)', async () => {
    const { statements } = await measure();
    expect(statements).toBeLessThanOrEqual(8);
  }, 300_000);
});
