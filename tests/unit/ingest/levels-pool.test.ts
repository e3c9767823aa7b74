import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWmo323 } from '../../../bench/generate-wmo323.ts';
import { settingsFromEnv } from '../../../config/settings.ts';
import { buildLevels, importLevels, type Levels } from '../../../ingest/levels.ts';
import { cpuThreads, LevelsPool, LevelsUnavailable } from '../../../ingest/levels-pool.ts';
import { FEATURES, SCHEMAS_DIR } from '../../../ketenpoort.ts';
import { CORPUS, sample } from '../../support/corpus.ts';
import { fixture } from '../ipgb/support.ts';
import { DI01_WMO301 } from '../stuf-ggk/fixtures.ts';

// Decision 0008: levels 1–2 run in piscina worker threads, the body transferred there and back; what comes
// back is the same plain data the in-thread levels give; a thread that dies under a message fails that message
// as retryable (LevelsUnavailable: 503) and is replaced.

const key = randomBytes(32);
const features = FEATURES.flatMap((f) => (f.levels ? [{ name: f.name, levels: f.levels }] : []));
const logger = pino({ level: 'silent' });
let pool: LevelsPool;
let inThread: Levels;

beforeAll(async () => {
  pool = await LevelsPool.start({ schemasDir: SCHEMAS_DIR, features, bsnHmacKey: key, threads: 1, settings: settingsFromEnv(process.env), env: process.env, logger });
  inThread = buildLevels(SCHEMAS_DIR, await importLevels(features), settingsFromEnv(process.env), key);
}, 60_000);

afterAll(async () => {
  await pool?.close();
  inThread?.dispose();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the levels pool', () => {
  it('runs levels 1–2 of a WMO301 in a worker thread, on the body it was handed, not a copy', async () => {
    expect(isMainThread).toBe(true);
    const bytes = sample('iwmo-3.2', 'WMO301');
    expect(bytes.length).toBeGreaterThan(Buffer.poolSize >>> 1); // its own ArrayBuffer: transferable as it is
    const body = Buffer.from(bytes);
    const result = await pool.run(body);
    expect(body.length).toBe(0); // detached: moved to the thread, not copied
    expect(result.threadId).not.toBe(threadId);
    expect(result.threadId).toBeGreaterThan(0);
    expect(result.body.equals(bytes)).toBe(true); // and moved back
    if (result.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(result)}`);
    expect(result.message.type).toBe('WMO301');
    expect(result.message.level2).toEqual({ istandaarden: [] });
    expect(result.sha256).toBe(sha256(bytes));
    expect(result.bsnHashes.length).toBeGreaterThan(0);
    expect(result.bsnHashes).toEqual([...new Set(result.message.bsns.map(hmac))]);
  });

  it('gives the same plain data as the levels run in this thread, for every family (structured-cloneable)', async () => {
    const bodies: Record<string, Buffer> = {
      WMO301: sample('iwmo-3.2', 'WMO301'),
      JW317: sample('ijw-3.2', 'JW317'.replace('315', '317')),
      Di01: DI01_WMO301(),
      WMO501: Buffer.from(fixture('WMO501')),
      LO3: readFileSync(path.join(CORPUS, 'brp/lo3/synthetic/gv01-verhuizing-intergemeentelijk.GBA')),
      small: Buffer.from('<a/>'),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const here = inThread.run(Buffer.from(body));
      const there = await pool.run(Buffer.from(body));
      const { threadId: _a, ...hereData } = here;
      const { threadId: _b, body: back, ...thereData } = there;
      expect(back.equals(body), name).toBe(true);
      expect(thereData, name).toEqual(hereData);
      if (there.kind === 'accepted' && there.message.payload) expect(Buffer.isBuffer(there.message.payload), name).toBe(true);
    }
  });

  it('answers a refusal as data, with the body back and its hash', async () => {
    const body = Buffer.from(sample('iwmo-3.2', 'WMO301').toString('utf8').replace('<iwmo:Dagtekening>2023-08-13', '<iwmo:Dagtekening>x2023-08-13'));
    const result = await pool.run(Buffer.from(body));
    if (result.kind !== 'rejected') throw new Error('not rejected');
    expect(result.rejection.status).toBe(400);
    expect(result.body.equals(body)).toBe(true);
    expect(result.sha256).toBe(sha256(body));
  });

  it('hands a thread its next bodies ahead, so it works on while the event loop is busy (decision 0022)', async () => {
    expect((await pool.run(sample('iwmo-3.2', 'WMO301'))).kind).toBe('accepted'); // the thread is up
    const template = sample('iwmo-3.2', 'WMO323').toString('utf8');
    const bodies = [0, 1, 2, 3].map(() => Buffer.from(generateWmo323(template, { prestaties: 500 }).xml)); // ~10–50 ms each
    let settled = 0;
    const runs = bodies.map((b) => pool.run(b).finally(() => { settled++; }));
    // The event loop stands still for 3 s (as under load), then gets one turn.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);
    await new Promise((r) => setImmediate(r));
    // Fed ahead, the one thread judged all four meanwhile; fed one at a time it would have judged one, and the
    // next would only now be handed over.
    expect(settled).toBe(4);
    expect((await Promise.all(runs)).map((r) => r.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });

  it('fails a message whose thread dies under it as retryable (LevelsUnavailable), and replaces the thread', async () => {
    const xml = generateWmo323(sample('iwmo-3.2', 'WMO323').toString('utf8'), { prestaties: 6_000 }).xml;
    const running = pool.run(Buffer.from(xml));
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(pool.workerThreads.map((t) => t.terminate()));
    await expect(running).rejects.toBeInstanceOf(LevelsUnavailable);
    const next = await pool.run(sample('iwmo-3.2', 'WMO301'));
    expect(next.kind).toBe('accepted');
  }, 60_000);
});

describe('cpuThreads', () => {
  it('shares the cores among the gateway processes, at least one each, unless KP_CPU_THREADS says', () => {
    expect(cpuThreads(undefined, 1, 8)).toBe(8);
    expect(cpuThreads(undefined, 3, 8)).toBe(2);
    expect(cpuThreads(undefined, 4, 2)).toBe(1);
    expect(cpuThreads(settingsFromEnv({ KP_CPU_THREADS: '3' }).cpuThreads, 4, 2)).toBe(3);
    expect(() => settingsFromEnv({ KP_CPU_THREADS: '0' })).toThrow(/KP_CPU_THREADS/);
    expect(() => settingsFromEnv({ KP_CPU_THREADS: 'two' })).toThrow(/KP_CPU_THREADS/);
  });
});

function hmac(bsn: string): string {
  return createHmac('sha256', key).update(bsn.trim(), 'utf8').digest('hex');
}
