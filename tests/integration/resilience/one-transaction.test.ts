import { ANSWERS_CONSUMER, MUTATIONS_CONSUMER } from '../../../subscriptions/consumers.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerEndpoint } from '../../../demo/partner-endpoint.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { openStore, secretsFromEnv } from '../../../store/index.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, uniqueWmo301 } from '../../support/corpus.ts';
import { freshDatabase } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, testEnv, writeTestPartners } from '../../support/gateway.ts';
import { testCerts } from '../../support/certs.ts';

// Decision 0003: a message's level-3 claims, its deadline rows and its delivery rows are written in the one
// transaction that makes its 202 true. The gateway is SIGKILLed while 202s are coming in, so some messages
// are answered and nothing after the 202 had a chance to run; the store is then read as the crash left it.
const COUNT = 300;
const KILL_AFTER = 60;
const CONCURRENCY = 32;
const OFFSET = 880_000;

let certs: Awaited<ReturnType<typeof testCerts>>;
let endpoint: PartnerEndpoint;
let env: NodeJS.ProcessEnv;
let gateway: ChildGateway;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;
let base: string;

beforeAll(async () => {
  certs = await testCerts();
  endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
  const partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-onetx-')), certs, { 'aanbieder-42420001': endpoint.url }, { timeoutMs: 5_000, backoffBaseMs: 200, maxAttempts: 20 });
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  env = { ...testEnv(certs, partnersFile, db, prefix), KP_PORT: String(port), KP_DEV_CERTS_DIR: certs.dir };
  base = `https://localhost:${port}`;
  gateway = new ChildGateway(env);
  await gateway.start(120_000);
}, 180_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
  await endpoint?.stop();
  expect(personalDataIn(gateway?.logs ?? [])).toEqual([]);
  await deleteTopology(AMQP_URL, prefix, ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk', ANSWERS_CONSUMER, MUTATIONS_CONSUMER], TEST_RETRY_TIERS);
  await db?.cleanup();
});

const identificatie = (n: number) => `T${String(OFFSET + n).padStart(11, '0')}`;

describe('one transaction per message', () => {
  it('has every 202 message with its level-3 claims, deadline rows and delivery rows after a SIGKILL, and no claim without its message', async () => {
    const client = partnerClient(certs, 'gemeente-0384', CONCURRENCY);
    const accepted = new Map<number, string>();
    let killed: Promise<void> | undefined;
    let next = 0;
    // A sender as the README asks: a 503 (the broker not up yet) is sent again with the same key.
    const worker = async () => {
      for (let i = next++; i < COUNT && !killed; i = next++) {
        while (!killed) {
          try {
            const res = await client.post(base, uniqueWmo301(OFFSET + i), { 'idempotency-key': `onetx-${i}` });
            if (res.status === 202) {
              accepted.set(i, (res.body as { id: string }).id);
              // Killed at once, from the 202's own callback: no later batch, no listener, no timer ran for it.
              if (accepted.size === KILL_AFTER && !killed) killed = gateway.kill('SIGKILL');
              break;
            }
            if (res.status !== 503) throw new Error(`unexpected ${res.status}`);
          } catch (err) {
            if ((err as Error).message.startsWith('unexpected')) throw err;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killed;
    await client.close();
    expect(accepted.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const store = await openStore({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { sqliteFile: db.sqliteFile! }), secrets: secretsFromEnv(env) });
    try {
      type Tables = {
        iv_identificaties: { identificatie: string; reservation: string };
        iv_wachtend: { message_id: string };
      };
      const t = store.tables<Tables>();
      const ids = [...accepted.values()];
      const messages = await t.selectFrom('messages').select(['id', 'status']).where('id', 'in', ids).execute();
      expect(messages.map((m) => m.id).sort()).toEqual([...ids].sort());
      const claims = await t.selectFrom('iv_identificaties').select(['identificatie', 'reservation']).where('identificatie', 'like', 'T0000088%').execute();
      const claimOf = new Map(claims.map((c) => [c.identificatie, c.reservation]));
      for (const [i, id] of accepted) expect(claimOf.get(identificatie(i)), `claim of message ${i}`).toBe(id);
      const waiting = new Set((await t.selectFrom('iv_wachtend').select('message_id').where('message_id', 'in', ids).execute()).map((r) => r.message_id));
      expect(ids.filter((id) => !waiting.has(id))).toEqual([]);
      const deliveries = await t.selectFrom('deliveries').select(['message_id', 'partner']).where('message_id', 'in', ids).execute();
      expect(deliveries.filter((d) => d.partner === 'aanbieder-42420001')).toHaveLength(ids.length);
      // No claim whose message is not there (what a crash between the checks and the store used to leave).
      const stored = new Set((await t.selectFrom('messages').select('id').where('id', 'in', claims.map((c) => c.reservation)).execute()).map((m) => m.id));
      expect(claims.filter((c) => !stored.has(c.reservation))).toEqual([]);
    } finally {
      await store.close();
    }

    // Back up: every message, answered or not before the crash, is accepted on its retry with the same key;
    // none is refused for its own Identificatie.
    await gateway.start(120_000);
    const retry = partnerClient(certs, 'gemeente-0384', CONCURRENCY);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < COUNT; i += CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONCURRENCY, COUNT - i) }, (_, k) => i + k);
        const answers = await Promise.all(batch.map(async (n) => {
          for (let attempt = 0; ; attempt++) {
            const a = await retry.post(base, uniqueWmo301(OFFSET + n), { 'idempotency-key': `onetx-${n}` });
            if (a.status !== 503 || attempt > 100) return a;
            await new Promise((r) => setTimeout(r, 100));
          }
        }));
        answers.forEach((a, k) => {
          statuses.push(a.status);
          const first = accepted.get(batch[k]!);
          if (first) expect((a.body as { id: string }).id).toBe(first);
        });
      }
      expect(statuses.filter((s) => s !== 202)).toEqual([]);
    } finally {
      await retry.close();
    }
    await endpoint.waitFor(COUNT, 60_000);
    expect(endpoint.received.size).toBe(COUNT);
  }, 300_000);
});
