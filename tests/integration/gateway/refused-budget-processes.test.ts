import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTopology } from '../../../queue/topology.ts';
import { testCerts } from '../../support/certs.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, sample } from '../../support/corpus.ts';
import { freshDatabase, rawQuery, testDbKind } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, testEnv, writeTestPartners } from '../../support/gateway.ts';

// Issue 9: a partner's refusals add at most KP_REFUSED_MAX_PER_PARTNER_BYTES per window to the store, also when
// several gateway processes take them (KP_WORKERS=2 on PostgreSQL): the budget is one row in the store, not a
// count per process. Each refusal comes on a connection of its own, so the cluster spreads them over both.
const KEEP = 8192, BUDGET = 40_000; // 4 kept copies of 8,192 bytes fit; a 5th would pass the budget
const SENT = 12;
const postgres = testDbKind() === 'postgres';

let certs: Awaited<ReturnType<typeof testCerts>>;
let gateway: ChildGateway;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;
let base: string;

beforeAll(async () => {
  if (!postgres) return;
  certs = await testCerts();
  const partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-budget-')), certs, {});
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  gateway = new ChildGateway({
    ...testEnv(certs, partnersFile, db, prefix), KP_PORT: String(port), KP_DEV_CERTS_DIR: certs.dir, KP_WORKERS: '2',
    KP_REFUSED_KEEP_BYTES: String(KEEP), KP_REFUSED_MAX_PER_PARTNER_BYTES: String(BUDGET),
  });
  base = `https://localhost:${port}`;
  await gateway.start(540_000); // two workers on a loaded two-core machine
  // start() returns at the first worker's 'listening'; the test needs both taking connections.
  const deadline = Date.now() + 540_000;
  while (listeningPids().size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  expect(listeningPids().size, gateway.logs.filter((l) => !l.includes('"level":30') || l.includes('worker')).slice(-12).join('\n')).toBe(2);
}, 1_200_000);

function listeningPids(): Set<number> {
  return new Set(gateway.logs.filter((l) => l.includes('ketenpoort listening')).map((l) => (JSON.parse(l) as { pid: number }).pid));
}

afterAll(async () => {
  if (!postgres) return;
  await gateway?.kill('SIGTERM');
  expect(personalDataIn(gateway?.logs ?? [])).toEqual([]);
  await deleteTopology(AMQP_URL, prefix, ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk'], TEST_RETRY_TIERS);
  await db?.cleanup();
});

/** A WMO301 addressed to nobody configured (422 no-route, refused after the sender is known), padded to 20 KB. */
function unroutable(n: number): Buffer {
  const xml = sample('iwmo-3.2', 'WMO301').toString('utf8')
    .replace('<wmo301:Ontvanger>42420001</wmo301:Ontvanger>', '<wmo301:Ontvanger>11111111</wmo301:Ontvanger>')
    .replace(/<iwmo:Identificatie>[^<]*</, `<iwmo:Identificatie>B${String(n).padStart(11, '0')}<`);
  return Buffer.from(`${xml}<!-- ${'p'.repeat(Math.max(0, 20_000 - Buffer.byteLength(xml) - 10))} -->\n`);
}

describe('the refusal budget with two gateway processes', () => {
  it.skipIf(!postgres)(`keeps no more than KP_REFUSED_MAX_PER_PARTNER_BYTES of a partner's refusals between both processes`, async () => {
    const kept: string[] = [];
    for (let i = 0; i < SENT; i++) {
      const client = partnerClient(certs, 'gemeente-0384', 1); // a connection of its own: the cluster hands it to the next worker
      try {
        const res = await client.post(base, unroutable(i));
        expect(res.status).toBe(422);
        expect(res.body.errors[0].code).toBe('no-route');
        if (res.body.id) kept.push(res.body.id as string);
      } finally {
        await client.close();
      }
    }
    expect(kept).toHaveLength(Math.floor(BUDGET / KEEP)); // per process it would have been up to twice that
    const [stored] = await rawQuery(db, `select count(*) as n, sum(size) as bytes from messages where sender_partner = 'gemeente-0384' and status = 'dead'`);
    expect(Number(stored!.n)).toBe(4);
    expect(Number(stored!.bytes)).toBeLessThanOrEqual(BUDGET);
    // Both processes took refusals past the budget: each warned once, from its own pid.
    const warnings = gateway.logs.filter((l) => l.includes('no longer kept')).map((l) => (JSON.parse(l) as { pid: number }).pid);
    expect(new Set(warnings).size).toBe(2);
    console.info(`[budget] ${SENT} refusals of 20 KB over 2 processes: ${kept.length} kept (${Number(stored!.bytes)} bytes of a ${BUDGET}-byte budget), warnings from ${new Set(warnings).size} processes`);
  }, 300_000);
});
