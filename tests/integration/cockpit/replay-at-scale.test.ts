// Done-when #2: 1,000 dead letters, a dry run that reports 1,000 and changes nothing, a replay by filter after
// the partner recovers, each message delivered exactly once, at the rate asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { rawQuery } from '../../support/db.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { opsClient, until } from './ops-client.ts';

const COUNT = 1_000;
const RATE = 400;
const PARTNER = 'aanbieder-42420001';

let chain: TestChain;
let ops: ReturnType<typeof opsClient>;
let down = true;

beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature],
    endpoints: { [PARTNER]: () => ({ status: down ? 500 : 200 }) },
    delivery: { maxAttempts: 1, timeoutMs: 5_000, concurrency: 32 },
  });
  ops = opsClient(chain.certs, 'operator', chain.kp.url);
});

afterAll(async () => {
  await ops?.close();
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

const dbTarget = () => ({
  ...(chain.settings.databaseUrl ? { databaseUrl: chain.settings.databaseUrl } : {}),
  sqliteFile: chain.settings.sqliteFile,
});

async function tableCounts() {
  const [events] = await rawQuery(dbTarget(), 'select count(*) as n from message_events');
  const [audit] = await rawQuery(dbTarget(), 'select count(*) as n from audit_log');
  const [dead] = await rawQuery(dbTarget(), "select count(*) as n from deliveries where status = 'dead'");
  const [jobs] = await rawQuery(dbTarget(), 'select count(*) as n from cockpit_replay_jobs');
  return { events: Number(events!.n), audit: Number(audit!.n), dead: Number(dead!.n), jobs: Number(jobs!.n) };
}

describe('dead letters at scale', () => {
  it('dead-letters 1,000 messages, dry-runs, replays by filter and delivers each exactly once', async () => {
    const endpoint = chain.endpoints[PARTNER]!;
    const sender = partnerClient(chain.certs, 'gemeente-0384', 32);
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, COUNT - i) }, (_, j) => sender.post(chain.kp.url, uniqueWmo301(10_000 + i + j))));
      for (const res of batch) {
        expect(res.status).toBe(202);
        ids.push(res.body.id as string);
      }
    }
    await sender.close();
    expect(new Set(ids).size).toBe(COUNT);

    // Every one given up after its single attempt: grouped under one reason.
    const summary = await until('1,000 dead letters', 120_000, async () => {
      const s = await ops.get(`/v1/ops/dead/summary?destination=${PARTNER}`);
      return s.body.total === COUNT ? s.body : undefined;
    });
    expect(summary.groups).toHaveLength(1);
    expect(summary.groups[0]).toMatchObject({ kind: 'delivery', reason: 'attempts-exhausted', count: COUNT, held: 0, partners: [{ name: PARTNER, count: COUNT }] });
    expect(endpoint.received.size).toBe(0);

    // The dry run counts and changes nothing: no row, no event, no audit record, no request to the partner.
    const hitsBefore = [...endpoint.hits.values()].reduce((s, h) => s + h.length, 0);
    const before = await tableCounts();
    const filter = { reason: 'attempts-exhausted', destination: PARTNER };
    const dry = await ops.post('/v1/ops/dead/replay', { filter, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ dryRun: true, matched: COUNT, replayable: COUNT, skipped: { held: 0 }, byReason: [{ kind: 'delivery', reason: 'attempts-exhausted', count: COUNT }] });
    await new Promise((r) => setTimeout(r, 500));
    expect(await tableCounts()).toEqual(before);
    expect(before.dead).toBe(COUNT);
    expect([...endpoint.hits.values()].reduce((s, h) => s + h.length, 0)).toBe(hitsBefore);

    // The partner recovers; replay everything that matches the filter, at RATE per second.
    down = false;
    const started = Date.now();
    const res = await ops.post('/v1/ops/dead/replay', { filter, ratePerSecond: RATE });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/v1/ops/replays/${res.body.job.id}`);
    expect(res.body.job).toMatchObject({ state: 'running', total: COUNT, ratePerSecond: RATE, by: { partner: 'operator', oin: '00000001000000000099' } });
    const job = await until('the replay job to finish', 60_000, async () => {
      const j = (await ops.get(`/v1/ops/replays/${res.body.job.id}`)).body.job;
      return j.state === 'running' ? undefined : j;
    });
    const jobSeconds = (Date.now() - started) / 1000;
    expect(job).toMatchObject({ state: 'done', total: COUNT, processed: COUNT, replayed: COUNT, skipped: 0, failed: 0, errors: [] });
    // The rate limit held: 1,000 at 400/s cannot take less than 2.5 s (one chunk of slack).
    expect(jobSeconds).toBeGreaterThan((COUNT - RATE / 5) / RATE);

    await endpoint.waitFor(COUNT, 60_000);
    await until('every message delivered', 30_000, async () => ((await chain.kp.store.countByStatus()).delivered === COUNT ? true : undefined));
    // Exactly once: every id taken, no second request for any id, same message ids as sent.
    expect(endpoint.received.size).toBe(COUNT);
    expect(endpoint.duplicateRequests).toBe(0);
    expect(ids.every((id) => endpoint.received.has(id))).toBe(true);
    expect(ids.every((id) => endpoint.hits.get(id)!.length === 2)).toBe(true); // the 500, then the replayed 200
    expect((await ops.get('/v1/ops/dead/summary')).body.total).toBe(0);

    // The history of one of them tells the whole story, and the operator is named.
    const detail = (await ops.get(`/v1/ops/messages/${ids[0]}`)).body;
    const types = detail.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['received', 'published', 'routed', 'delivery-attempt', 'dead', 'replayed', 'delivery-attempt', 'delivered']);
    expect(detail.events[5].detail).toMatchObject({ destination: PARTNER, by: 'operator', byOin: '00000001000000000099', previousReason: 'attempts-exhausted', previousAttempts: 1, jobId: job.id });
    expect(detail.deliveries).toEqual([expect.objectContaining({ destination: PARTNER, status: 'delivered', attempts: 1, reason: null })]);
    expect(detail.message.status).toBe('delivered');

    const audit = await rawQuery(dbTarget(), "select actor, actor_oin, action, subject_type, subject from audit_log where action = 'dead.replay'");
    expect(audit).toEqual([{ actor: 'operator', actor_oin: '00000001000000000099', action: 'dead.replay', subject_type: 'replay-job', subject: job.id }]);
    console.log(`replay of ${COUNT} dead letters at ${RATE}/s: job ${jobSeconds.toFixed(2)} s`);
  });
});
