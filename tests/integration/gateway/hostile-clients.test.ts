import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWmo323 } from '../../../bench/generate-wmo323.ts';
import { PartnerEndpoint } from '../../../demo/partner-endpoint.ts';
import { deleteTopology } from '../../../queue/topology.ts';
import { testCerts } from '../../support/certs.ts';
import { ChildGateway, freePort } from '../../support/child-gateway.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, sample, uniqueWmo301 } from '../../support/corpus.ts';
import { freshDatabase } from '../../support/db.ts';
import { AMQP_URL, TEST_RETRY_TIERS, testEnv, writeTestPartners } from '../../support/gateway.ts';

// Issue 9, hostile clients: slow and idle connections with and without a certificate, connection limits,
// load shedding and a 25 MB invalid body, the TLS 1.2 suites and the headers of every answer. The gateway
// runs as its own process, so the clients' work here does not count as its load. Timeouts are shortened
// so the test sees them fire (the defaults are in gateway/limits.ts), yet long enough for a loaded
// machine to open 500 connections before the first one expires.
const HANDSHAKE_MS = 20_000, HEADERS_MS = 20_000, REQUEST_MS = 25_000;
const PER_ADDRESS = 50, TOTAL = 540;

let certs: Awaited<ReturnType<typeof testCerts>>;
let endpoint: PartnerEndpoint;
let gateway: ChildGateway;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let prefix: string;
let port: number;
let opsPort: number;
let url: string;
let client: ReturnType<typeof partnerClient>;

beforeAll(async () => {
  certs = await testCerts();
  endpoint = await new PartnerEndpoint({ key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
  const partnersFile = writeTestPartners(mkdtempSync(path.join(os.tmpdir(), 'kp-edge-')), certs, { 'aanbieder-42420001': endpoint.url });
  db = await freshDatabase();
  prefix = `kpt${randomBytes(4).toString('hex')}`;
  port = await freePort();
  opsPort = await freePort();
  url = `https://localhost:${port}`;
  gateway = new ChildGateway({
    ...testEnv(certs, partnersFile, db, prefix), KP_PORT: String(port), KP_OPS_PORT: String(opsPort), KP_DEV_CERTS_DIR: certs.dir,
    KP_FEATURES: 'audit',
    KP_TLS_HANDSHAKE_TIMEOUT_MS: String(HANDSHAKE_MS), KP_HEADERS_TIMEOUT_MS: String(HEADERS_MS), KP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
    KP_KEEP_ALIVE_TIMEOUT_MS: '10000', KP_IDLE_TIMEOUT_MS: '120000',
    KP_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS), KP_MAX_CONNECTIONS: String(TOTAL),
    // The limits hold per gateway process; with several (KP_WORKERS on PostgreSQL) the kernel spreads the
    // connections over them, and the counts below are one process's.
    KP_WORKERS: '1',
    // Load shedding as in production (tests/support turns it off for the functional tests).
    KP_MAX_EVENT_LOOP_STALL_MS: '1000', KP_MAX_EVENT_LOOP_DELAY_MS: '1000',
    // The validation threads as production sizes them on this two-core machine (one process): a 25 MB message
    // holds one while small ones go to the other.
    KP_CPU_THREADS: '2',
  });
  // Its validation threads compile the XSD sets while it starts: slow on a loaded two-core machine.
  await gateway.start(150_000);
  for (let i = 0; i < 100 && (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
  client = partnerClient(certs, 'gemeente-0384', 2);
}, 200_000);

afterAll(async () => {
  await client?.close();
  // A graceful stop waits for requests in flight; bounded here whatever a test left open.
  await Promise.race([gateway?.kill('SIGTERM'), new Promise((r) => setTimeout(r, 15_000))]);
  await gateway?.kill('SIGKILL');
  await endpoint?.stop();
  expect(personalDataIn(gateway?.logs ?? [])).toEqual([]);
  await deleteTopology(AMQP_URL, prefix, ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055', 'gbav', 'wsw-subscriber', 'ggk'], TEST_RETRY_TIERS);
  await db?.cleanup();
});

/** A metric from the child's ops port, summed over the series whose labels match. */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{([^}]*)\})? ([-\d.e+]+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

interface Held { kind: string; openedAt: number; closedAt?: number; socket: net.Socket }

const base = () => ({ host: '127.0.0.1', port });

/** A TCP connection from `localAddress` that never starts TLS, or starts a ClientHello and stalls. */
function rawConnection(kind: 'tcp-idle' | 'tls-hello-stalled', localAddress: string): Promise<Held> {
  return new Promise((resolve) => {
    const socket = net.connect({ ...base(), localAddress });
    const held: Held = { kind, openedAt: Date.now(), socket };
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.on('close', () => { held.closedAt = Date.now(); });
    socket.on('connect', () => {
      // A TLS record header announcing a 512-byte handshake message that never comes.
      if (kind === 'tls-hello-stalled') socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
      resolve(held);
    });
  });
}

// Resumed TLS sessions after the first: the client certificate was verified once, and a loaded test
// machine opens the 300 TLS connections well within the timeouts.
let tlsSession: Buffer | undefined;

/** A TLS connection with a partner certificate that then stays idle or trickles its request. */
function tlsConnection(kind: 'tls-idle' | 'tls-slow-headers' | 'tls-slow-body', localAddress: string): Promise<Held> {
  const files = certs.partner('gemeente-0363');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      socket: net.connect({ ...base(), localAddress }), servername: 'localhost', ca: readFileSync(certs.caCert), cert: readFileSync(files.cert), key: readFileSync(files.key),
      ...(tlsSession ? { session: tlsSession } : {}),
    });
    socket.on('session', (session: Buffer) => { tlsSession ??= session; });
    const held: Held = { kind, openedAt: Date.now(), socket };
    let trickle: NodeJS.Timeout | undefined;
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.on('close', () => { held.closedAt = Date.now(); clearInterval(trickle); });
    socket.once('secureConnect', () => {
      held.openedAt = Date.now();
      if (kind === 'tls-slow-headers') {
        socket.write('POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n');
        trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 400);
      } else if (kind === 'tls-slow-body') {
        socket.write('POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<');
        trickle = setInterval(() => socket.writable && socket.write('a'), 400);
      }
      resolve(held);
    });
    socket.once('error', reject);
  });
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

const until = async (cond: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

describe('500 idle and slow connections', () => {
  const held: Held[] = [];
  afterAll(() => { for (const h of held) h.socket.destroy(); });

  it('do not slow /healthz or an ingest, hit the connection limits, and are all closed by their timeouts', async () => {
    // The same requests before any connection is held, for comparison (this machine is shared and loaded).
    const baseline: number[] = [], healthBaseline: number[] = [];
    for (let i = 0; i < 40; i++) healthBaseline.push((await timed(() => client.get(url, '/healthz'))).ms);
    for (let i = 0; i < 10; i++) {
      const r = await timed(() => client.post(url, uniqueWmo301(890_000 + i)));
      expect(r.value.status, JSON.stringify(r.value.body)).toBe(202);
      baseline.push(r.ms);
    }
    const plan: Array<[Held['kind'], number]> = [['tls-idle', 100], ['tls-slow-headers', 100], ['tls-slow-body', 100], ['tcp-idle', 100], ['tls-hello-stalled', 100]];
    let n = 0;
    const setupStarted = Date.now();
    for (const [kind, count] of plan) {
      // 10 client addresses (127.0.0.2–11), 50 connections each: exactly the per-address limit.
      const batch = Array.from({ length: count }, () => `127.0.0.${2 + (n++ % 10)}`);
      if (kind === 'tls-idle' && !tlsSession) {
        held.push(await tlsConnection('tls-idle', batch.shift()!));
        await until(() => tlsSession !== undefined, 2_000);
      }
      for (let i = 0; i < batch.length; i += 25) {
        held.push(...await Promise.all(batch.slice(i, i + 25).map((addr) => (kind.startsWith('tls-') && kind !== 'tls-hello-stalled'
          ? tlsConnection(kind as 'tls-idle', addr) : rawConnection(kind as 'tcp-idle', addr)))));
      }
    }
    const setupMs = Date.now() - setupStarted;
    expect(held).toHaveLength(500);
    await new Promise((r) => setTimeout(r, 200));
    const early = held.filter((h) => h.closedAt !== undefined);
    if (early.length > 0) console.log(`set up in ${setupMs} ms; closed early: ${early.map((h) => `${h.kind} after ${h.closedAt! - h.openedAt} ms`).slice(0, 10).join(', ')}`);
    expect(early).toHaveLength(0);
    // The gateway may still be accepting the last of them from its backlog.
    let open = 0;
    for (let i = 0; i < 50 && open < 500; i++) {
      open = await metric('kp_connections_open');
      if (open < 500) await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toBeGreaterThanOrEqual(500);
    // Past the handshake burst: load shedding judges each second, and the burst is not what is measured.
    await new Promise((r) => setTimeout(r, 2_500));

    // While all 500 are held: a partner's health checks and messages are answered promptly.
    const health: number[] = [], ingest: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await timed(() => client.get(url, '/healthz'));
      expect(r.value.status).toBe(200);
      health.push(r.ms);
    }
    for (let i = 0; i < 10; i++) {
      const r = await timed(() => client.post(url, uniqueWmo301(900_000 + i)));
      expect(r.value.status, JSON.stringify(r.value.body)).toBe(202);
      ingest.push(r.ms);
    }
    const stillHeld = held.filter((h) => h.closedAt === undefined).length;
    console.log(`500 held (set up in ${setupMs} ms; ${stillHeld} still open after measuring): /healthz max ${Math.max(...health).toFixed(1)} ms, p95 ${p95(health).toFixed(1)} ms, median ${median(health).toFixed(1)} ms (none held: max ${Math.max(...healthBaseline).toFixed(1)}, p95 ${p95(healthBaseline).toFixed(1)}, median ${median(healthBaseline).toFixed(1)} ms); ingest max ${Math.max(...ingest).toFixed(1)} ms, median ${median(ingest).toFixed(1)} ms (with none held: max ${Math.max(...baseline).toFixed(1)} ms, median ${median(baseline).toFixed(1)} ms)`);
    expect(stillHeld).toBe(500);
    // 95 % within 100 ms and none beyond 250 ms: on this shared 2-core machine one poll in forty can wait
    // for a CPU with nothing held at all (see the baseline in the line above).
    expect(p95(health)).toBeLessThan(100);
    expect(Math.max(...health)).toBeLessThan(250);
    // An ingest waits for an fsync and a broker confirm, which on a shared machine can exceed 100 ms with
    // nothing held at all; held connections must not add to it.
    expect(median(ingest)).toBeLessThan(Math.max(100, median(baseline) + 100));

    // One more from an address that holds its 50: closed at once, before any TLS.
    const extra = await rawConnection('tcp-idle', '127.0.0.2');
    await until(() => extra.closedAt !== undefined, 1_000);
    expect(extra.closedAt).toBeDefined();
    expect(await metric('kp_connections_refused_total', { reason: 'per-address' })).toBeGreaterThanOrEqual(1);

    // 60 more from two fresh addresses: the total limit (540) closes the surplus.
    const surplus = await Promise.all(Array.from({ length: 60 }, (_, i) => rawConnection('tcp-idle', `127.0.0.${12 + (i % 2)}`)));
    await new Promise((r) => setTimeout(r, 500));
    const dropped = surplus.filter((s) => s.closedAt !== undefined).length;
    expect(dropped).toBeGreaterThanOrEqual(15);
    expect(await metric('kp_connections_refused_total', { reason: 'total' })).toBeGreaterThanOrEqual(dropped);
    for (const s of surplus) s.socket.destroy();

    // Every held connection is closed by its timeout, measured from when it opened.
    await until(() => held.every((h) => h.closedAt !== undefined), REQUEST_MS + 5_000);
    const bound: Record<Held['kind'], number> = { 'tcp-idle': HANDSHAKE_MS, 'tls-hello-stalled': HANDSHAKE_MS, 'tls-idle': HEADERS_MS, 'tls-slow-headers': HEADERS_MS, 'tls-slow-body': REQUEST_MS };
    for (const [kind] of plan) {
      const lived = held.filter((h) => h.kind === kind).map((h) => (h.closedAt ?? Infinity) - h.openedAt);
      const timeout = bound[kind]!;
      console.log(`${kind}: closed after ${Math.min(...lived)}–${Math.max(...lived)} ms (timeout ${timeout} ms)`);
      expect(Math.min(...lived)).toBeGreaterThanOrEqual(timeout - 1_000);
      expect(Math.max(...lived)).toBeLessThan(timeout + 3_000);
    }
    await until(() => false, 300);
    expect(await metric('kp_connections_open')).toBeLessThanOrEqual(2);
  }, 120_000);
});

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('TLS 1.2 only with forward secrecy and an AEAD cipher', () => {
  function handshake(options: tls.ConnectionOptions): Promise<string> {
    const files = certs.partner('gemeente-0384');
    return new Promise((resolve) => {
      const socket = tls.connect({ ...base(), servername: 'localhost', ca: readFileSync(certs.caCert), cert: readFileSync(files.cert), key: readFileSync(files.key), ...options });
      socket.on('secureConnect', () => { resolve(`ok:${socket.getCipher().name}`); socket.destroy(); });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
    });
  }

  it('refuses a TLS 1.2 client that offers only RSA key exchange, DHE or CBC suites', async () => {
    for (const ciphers of ['AES256-GCM-SHA384', 'AES128-GCM-SHA256:AES256-SHA256', 'DHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA']) {
      expect(await handshake({ maxVersion: 'TLSv1.2', ciphers })).toMatch(/^error:.*(HANDSHAKE_FAILURE|NO_SHARED_CIPHER|ECONNRESET)/);
    }
  });

  it('takes ECDHE with AES-GCM or ChaCha20 on TLS 1.2, and TLS 1.3 as is', async () => {
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' })).toBe('ok:ECDHE-RSA-AES128-GCM-SHA256');
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' })).toBe('ok:ECDHE-RSA-CHACHA20-POLY1305');
    expect(await handshake({})).toMatch(/^ok:TLS_/);
  });
});

describe('headers', () => {
  it('HSTS and Cache-Control: no-store on every answer: health, accepted, refused, not found, forbidden, shed', async () => {
    const all: Awaited<ReturnType<typeof client.get>>[] = [];
    // A loaded machine may make the gateway shed a request (503 overloaded): that answer is checked too, then retried.
    const unshed = async (f: () => ReturnType<typeof client.get>) => {
      for (;;) {
        const a = await f();
        all.push(a);
        if (a.status !== 503) return a;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    };
    const invalid = sample('iwmo-3.2', 'WMO301').toString().replace(/(<(\w+:)?Bsn>)/, '$1x');
    const answers = [
      await unshed(() => client.get(url, '/healthz')),
      await unshed(() => client.post(url, uniqueWmo301(910_000))),
      await unshed(() => client.post(url, '<nope/>')),
      await unshed(() => client.post(url, invalid)),
      await unshed(() => client.get(url, '/nowhere')),
      await unshed(() => client.get(url, '/metrics')),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 202, 415, 400, 404, 403]);
    for (const a of all) {
      expect(a.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(a.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('a 25 MB schema-invalid message', () => {
  let healthMaxMs = 0;
  it('is refused 400 xsd-invalid; meanwhile /healthz always answers and new messages are taken or shed with 503 overloaded, not queued', async () => {
    const template = sample('iwmo-3.2', 'WMO323').toString('utf8');
    let xml = generateWmo323(template, { prestaties: 28_000 }).xml;
    // One element made invalid, near the end: the whole document is parsed and validated before the error.
    const at = xml.lastIndexOf('<iwmo:Bedrag>');
    xml = `${xml.slice(0, at)}<iwmo:Bedrag>x${xml.slice(at + '<iwmo:Bedrag>'.length)}`;
    const body = Buffer.from(xml);
    expect(body.length).toBeGreaterThan(20 * 1024 * 1024);
    expect(body.length).toBeLessThanOrEqual(25 * 1024 * 1024);
    const sender = partnerClient(certs, 'aanbieder-65656055', 1);
    const poller = partnerClient(certs, 'gemeente-0384', 1);
    const small = partnerClient(certs, 'gemeente-0384', 1);
    try {
      await poller.get(url, '/healthz');
      // Earlier tests in this file may have been shed on a loaded machine: only this test's sheds count here.
      const shedBefore = await metric('kp_requests_shed_total');
      let done = false;
      const polls: number[] = [];
      const smallStatuses: Array<{ status: number; code?: string; retryAfter?: unknown }> = [];
      const polling = (async () => {
        while (!done) {
          const r = await timed(() => poller.get(url, '/healthz'));
          expect(r.value.status).toBe(200);
          polls.push(r.ms);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      let doneAt = Infinity;
      const sending = (async () => {
        // On through the gateway's next load sample after the big one is answered (under-pressure samples each second).
        for (let i = 0; Date.now() < doneAt + 2_000; i++) {
          const r = await small.post(url, uniqueWmo301(940_000 + i));
          smallStatuses.push({ status: r.status, code: r.body?.errors?.[0]?.code, retryAfter: r.headers['retry-after'] });
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const answer = await timed(() => sender.post(url, body));
      done = true;
      doneAt = Date.now();
      await Promise.all([polling, sending]);
      healthMaxMs = Math.max(...polls);
      const shed = smallStatuses.filter((x) => x.status === 503);
      console.log(`25 MB invalid WMO323 (${body.length} bytes): answered ${answer.value.status} in ${answer.ms.toFixed(0)} ms; /healthz polled ${polls.length}×, max ${healthMaxMs.toFixed(0)} ms; small messages meanwhile: ${smallStatuses.map((x) => x.status).join(',')}`);
      expect(answer.value.status).toBe(400);
      expect(answer.value.body.errors[0].code).toBe('xsd-invalid');
      expect(smallStatuses.every((x) => x.status === 202 || (x.status === 503 && x.code === 'overloaded' && x.retryAfter === '5'))).toBe(true);
      // Whether the stall crosses the shedding threshold depends on how long validation blocks on this machine
      // (under load it sometimes does not), so a shed is not required; each one must be counted.
      expect((await metric('kp_requests_shed_total')) - shedBefore).toBe(shed.length);
    } finally {
      await sender.close();
      await poller.close();
      await small.close();
    }
  }, 180_000);

  // XSD validation runs in the worker pool (decision 0008), off the event loop: the probe is not held up.
  it('does not push /healthz beyond 200 ms', () => {
    expect(healthMaxMs).toBeGreaterThan(0);
    expect(healthMaxMs).toBeLessThan(200);
  });
});
