import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerEndpoint } from '../../../demo/partner-endpoint.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { testCerts } from '../../support/certs.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { freshDatabase, rawQuery, testDbKind } from '../../support/db.ts';
import { TEST_RETRY_TIERS, testEnv, writeTestPartners } from '../../support/gateway.ts';
import { ExtraRabbitNode } from '../../support/rabbitmq.ts';
import { describeRun, sendUntilAccepted } from '../../support/sender.ts';

// Three gateway processes on one PostgreSQL, against a three-node RabbitMQ cluster the test starts itself
// (nodes 2–4 of ../shared/docs/rabbitmq-cluster.md, loopback only). Mid-run one gateway is SIGKILLed (and stays
// dead) and one broker node is stopped. Counted at the receiver before its duplicate elimination: every 2xx
// delivered, none lost, every repeated POST carrying the same Idempotency-Key (the message id).
//
// KP_CHAOS_COUNT sets the number of messages (default 20,000, as issue 9 asks; a loaded two-core machine needs
// a smaller count to stay within minutes). KP_CHAOS_NODES picks the three node numbers (default 2,3,4).
// Each gateway is one process (KP_WORKERS=1): three processes, as the issue asks, and the SIGKILL hits the
// process that serves, not a cluster primary whose workers then wind down.

const COUNT = Number(process.env.KP_CHAOS_COUNT ?? 20_000);
const NODES = (process.env.KP_CHAOS_NODES ?? '2,3,4').split(',').map(Number);
const DESTINATIONS = ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk'];
const postgres = testDbKind() === 'postgres';

const nodes = NODES.map((n) => new ExtraRabbitNode(n));
const startedHere = new Set<ExtraRabbitNode>();
let certs: Awaited<ReturnType<typeof testCerts>>;
let endpoint: PartnerEndpoint;
let gateways: ChildGateway[] = [];
let bases: string[] = [];
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;

beforeAll(async () => {
  if (!postgres) return;
  for (const node of nodes) {
    if (!(await node.running())) startedHere.add(node);
    await node.start();
  }
  for (const node of nodes.slice(1)) {
    if (!(await node.clusterMembers()).includes(nodes[0]!.name)) await node.joinCluster(nodes[0]!);
  }
  expect((await nodes[0]!.clusterMembers()).sort()).toEqual(nodes.map((n) => n.name).sort());

  certs = await testCerts();
  endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
  const partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-chaos-')), certs, { 'aanbieder-42420001': endpoint.url }, { timeoutMs: 5_000, backoffBaseMs: 200, backoffMaxMs: 3_000, maxAttempts: 30 });
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  const shared = {
    ...testEnv(certs, partnersFile, db, prefix), KP_DEV_CERTS_DIR: certs.dir, KP_FEATURES: 'cockpit', KP_PG_POOL_SIZE: '6',
    KP_RECONCILE_INTERVAL_MS: '2000', KP_RECONCILE_AFTER_MS: '10000', KP_WORKERS: '1',
  };
  for (let g = 0; g < 3; g++) {
    const port = await freePort();
    // Each gateway starts on another node and moves on along the list when its node goes.
    const urls = nodes.map((_, k) => nodes[(g + k) % nodes.length]!.url).join(',');
    gateways.push(new ChildGateway({ ...shared, KP_PORT: String(port), AMQP_URL: urls }));
    bases.push(`https://localhost:${port}`);
  }
  // One at a time: the first applies the migrations. A machine shared with other work compiles slowly.
  for (const g of gateways) await g.start(600_000);
}, 1_800_000);

afterAll(async () => {
  if (!postgres) return;
  // A stop is bounded by the gateway itself (KP_SHUTDOWN_TIMEOUT_MS, 25 s): each must exit cleanly well within a
  // minute (the 20,000 run once hung here for minutes before the stop was bounded). The SIGKILLed one is gone.
  const exits = await Promise.all(gateways.map((g) => g.stop(60_000)));
  await endpoint?.stop();
  expect(exits.filter((e) => e !== undefined && (e.forced || e.code !== 0))).toEqual([]);
  expect(personalDataIn(gateways.flatMap((g) => g.logs))).toEqual([]);
  for (const node of nodes) await node.startApp().catch(() => undefined);
  await deleteTopology(nodes[0]!.url, prefix, DESTINATIONS, TEST_RETRY_TIERS).catch(() => undefined);
  await db?.cleanup();
  // Nodes this test started are stopped and removed; a node that ran before is left as it was found, apart
  // from cluster membership.
  for (const node of startedHere) await node.destroy();
}, 300_000);

describe('chaos: three gateways, a three-node broker cluster, one gateway killed and one broker node stopped', () => {
  it.skipIf(!postgres)(`delivers every 2xx of ${COUNT} messages, counted before dedup`, async () => {
    let killed: Promise<void> | undefined;
    let stopped: Promise<unknown> | undefined;
    const started = Date.now();
    const run = await sendUntilAccepted(bases, certs, {
      count: COUNT, concurrency: 48, perMessageMs: 300_000,
      onAccepted: (n) => {
        if (n === Math.floor(COUNT / 4) && !killed) killed = gateways[1]!.kill('SIGKILL');
        if (n === Math.floor(COUNT / 2) && !stopped) stopped = nodes[1]!.stopApp();
      },
    });
    await killed;
    await stopped;
    const sentMs = Date.now() - started;
    expect(run.conflicts).toEqual([]);
    expect(run.accepted.size).toBe(COUNT);
    const ids = new Set(run.accepted.values());
    expect(ids.size).toBe(COUNT);
    await endpoint.waitFor(COUNT, 900_000);
    const missing = [...ids].filter((id) => !endpoint.received.has(id));
    expect(missing).toEqual([]);
    expect(endpoint.received.size).toBe(COUNT);
    // Before the receiver's dedup: how many POSTs repeated a message, all with its id as Idempotency-Key.
    const posts = [...ids].reduce((n, id) => n + (endpoint.hits.get(id)?.length ?? 0), 0);
    const [left] = await rawQuery(db, `select count(*) as n from messages where sender_partner = 'gemeente-0384' and status <> 'delivered'`);
    const [reconciled] = await rawQuery(db, `select count(*) as n from message_events where type = 'reconciled'`);
    console.info(`[chaos] ${COUNT} messages to 3 gateways in ${Math.round(sentMs / 1000)} s (${describeRun(run)}); one gateway SIGKILLed at ${Math.floor(COUNT / 4)}, ` +
      `broker node ${nodes[1]!.name} stopped at ${Math.floor(COUNT / 2)}; receiver: ${endpoint.received.size} delivered, ${posts} POSTs, ` +
      `${posts - COUNT} repeats (same Idempotency-Key), 0 lost; store: ${Number(left!.n)} not delivered yet, ${Number(reconciled!.n)} reconciled`);
  }, 3_600_000); // 20,000 messages on a shared two-core machine take most of an hour
});
