import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { istandaardenFeature } from '../../../istandaarden/feature.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { PGB_BRP_CONSUMER } from '../../../pgb/brp.ts';
import { ANSWERS_CONSUMER, MUTATIONS_CONSUMER } from '../../../subscriptions/consumers.ts';
import { testCerts } from '../../support/certs.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { freshDatabase, testDbKind } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, capturedLogs, startTestChain, testEnv, writeTestPartners, type TestChain } from '../../support/gateway.ts';
import { startZorg, toewijzing } from './support/heen.ts';

// Issue 14, Done-when 2: level 3 survives resends. A refused resend (TR056) or a concurrent copy with the same
// Idempotency-Key must leave the original's registrations alone, so a 305 for its toewijzing is accepted
// afterwards — in one process, and with the copies sent to two gateway processes on one PostgreSQL.

type Register = {
  iv_identificaties: { identificatie: string; reservation: string };
  iv_toewijzingen: { toewijzing_nummer: string; reservation: string };
};

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ features: [auditFeature, istandaardenFeature], endpoints: {} });
});
afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

describe('level 3 survives resends', () => {
  it('accepts a WMO301, refuses its identical resend without Idempotency-Key (TR056), and then accepts a WMO305 for its toewijzing', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    try {
      const body = toewijzing('iwmo', 810_001, '810001');
      const first = await gemeente.post(chain.kp.url, body);
      expect(first.status).toBe(202);
      const resend = await gemeente.post(chain.kp.url, body);
      expect(resend.status).toBe(422);
      expect(resend.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR056']);
      expect(resend.body.retourCodes).toEqual(['9056']);
      const db = chain.kp.store.tables<Register>();
      expect((await db.selectFrom('iv_toewijzingen').select('reservation').where('toewijzing_nummer', '=', '810001').execute()).map((r) => r.reservation)).toEqual([first.body.id]);

      const start = await postAsSender(() => aanbieder.post(chain.kp.url, startZorg('iwmo', 810_002, '810001', '1'), { 'idempotency-key': 'start-810001' }));
      expect(start.status).toBe(202);
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });

  it('takes two concurrent posts with one Idempotency-Key as one message, and then accepts a WMO305 for its toewijzing', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    try {
      const body = toewijzing('iwmo', 820_001, '820001');
      const [a, b] = await Promise.all([
        postAsSender(() => gemeente.post(chain.kp.url, body, { 'idempotency-key': 'resend-820001' })),
        postAsSender(() => gemeente.post(chain.kp.url, body, { 'idempotency-key': 'resend-820001' })),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body.id).toBe(b.body.id);
      const db = chain.kp.store.tables<Register>();
      expect((await db.selectFrom('iv_identificaties').select('reservation').where('identificatie', '=', 'T00000820001').execute()).map((r) => r.reservation)).toEqual([a.body.id]);
      expect((await db.selectFrom('iv_toewijzingen').select('reservation').where('toewijzing_nummer', '=', '820001').execute()).map((r) => r.reservation)).toEqual([a.body.id]);

      const start = await postAsSender(() => aanbieder.post(chain.kp.url, startZorg('iwmo', 820_002, '820001', '1'), { 'idempotency-key': 'start-820001' }));
      expect(start.status).toBe(202);
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });
});

// Two gateway processes (own children, KP_WORKERS=1 each) on one PostgreSQL: no per-process in-flight set can
// hold the copies apart, only the database. SQLite is one process by design (decision 0003), so this runs on
// PostgreSQL only.
describe.skipIf(testDbKind() !== 'postgres')('level 3 survives resends across two gateway processes on one PostgreSQL', () => {
  const gateways: ChildGateway[] = [];
  const bases: string[] = [];
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let prefix: string;
  let certs: Awaited<ReturnType<typeof testCerts>>;

  beforeAll(async () => {
    certs = await testCerts();
    const partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-resend-')), certs, {});
    db = await freshDatabase();
    prefix = `kpt${randomBytes(4).toString('hex')}`;
    // One environment for both: the same payload keys and BSN HMAC key, as processes of one deployment have.
    const env = testEnv(certs, partnersFile, db, prefix);
    for (let i = 0; i < 2; i++) {
      const [port, opsPort] = [await freePort(), await freePort()];
      const gateway = new ChildGateway({ ...env, KP_PORT: String(port), KP_OPS_PORT: String(opsPort), KP_WORKERS: '1', KP_DEV_CERTS_DIR: certs.dir });
      // One after the other: the first applies the migrations.
      await gateway.start(120_000);
      // Listening is not ready: until its broker connection is up a gateway answers 503 broker-unavailable.
      await untilReady(`http://127.0.0.1:${opsPort}/readyz`, 60_000);
      gateways.push(gateway);
      bases.push(`https://localhost:${port}`);
    }
  }, 300_000);

  afterAll(async () => {
    for (const g of gateways) await g.kill('SIGTERM');
    for (const g of gateways) expect(personalDataIn(g.logs)).toEqual([]);
    await deleteTopology(AMQP_URL, prefix, ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk', 'svb', 'klantsysteem-0384', ANSWERS_CONSUMER, MUTATIONS_CONSUMER, PGB_BRP_CONSUMER], TEST_RETRY_TIERS);
    await db?.cleanup();
  });

  it('takes one WMO301 posted to both processes at once with one Idempotency-Key as one message, refuses its resend without a key (TR056) at either, and accepts the WMO305', async () => {
    const gemeente = partnerClient(certs, 'gemeente-0384');
    const aanbieder = partnerClient(certs, 'aanbieder-42420001');
    try {
      for (let round = 0; round < 5; round++) {
        const n = 830_000 + round * 10;
        const nummer = String(n);
        const body = toewijzing('iwmo', n, nummer);
        // As the README asks of a sender: a 503 (stored, the broker's confirm not in time on this loaded machine)
        // is sent again with the same key, and is never a second message.
        const [a, b] = await Promise.all(bases.map((base) => postAsSender(() => gemeente.post(base, body, { 'idempotency-key': `two-processes-${n}` }))));
        expect([a!.status, b!.status]).toEqual([202, 202]);
        expect(a!.body.id).toBe(b!.body.id);
        const resends = await Promise.all(bases.map((base) => gemeente.post(base, body)));
        expect(resends.map((r) => r.status)).toEqual([422, 422]);
        expect(resends.map((r) => r.body.errors.map((e: { code: string }) => e.code))).toEqual([['TR056'], ['TR056']]);
        const start = await postAsSender(() => aanbieder.post(bases[round % 2]!, startZorg('iwmo', n + 1, nummer, '1'), { 'idempotency-key': `start-${n}` }));
        expect(start.status).toBe(202);
      }
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });
});

async function postAsSender<R extends { status: number }>(post: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const res = await post();
    if (res.status !== 503 || attempt === 5) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function untilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
