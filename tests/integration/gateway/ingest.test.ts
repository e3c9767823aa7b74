import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, personalDataIn, sample } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { SPINE_ONLY, capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';

// Who sends each corpus sample and who must receive it. A retour (302/306/308/316/318/320)
// keeps the heen header (IV028), so it travels from the header's Ontvanger to its Afzender.
const FLOW: Record<string, [sender: string, receiver: string]> = {
  '301': ['gemeente-0384', 'aanbieder-42420001'], '302': ['aanbieder-42420001', 'gemeente-0384'],
  '305': ['aanbieder-65656055', 'gemeente-0363'], '306': ['gemeente-0363', 'aanbieder-65656055'],
  '307': ['aanbieder-65656055', 'gemeente-0363'], '308': ['gemeente-0363', 'aanbieder-65656055'],
  '315': ['aanbieder-42420001', 'gemeente-0384'], '316': ['gemeente-0384', 'aanbieder-42420001'],
  '317': ['aanbieder-65656055', 'gemeente-0384'], '318': ['gemeente-0384', 'aanbieder-65656055'],
  '319': ['gemeente-0384', 'aanbieder-65656055'], '320': ['aanbieder-65656055', 'gemeente-0384'],
  '323': ['aanbieder-65656055', 'gemeente-0384'], '325': ['gemeente-0384', 'aanbieder-65656055'],
};
const ENDPOINTS = ['gemeente-0384', 'gemeente-0363', 'aanbieder-42420001', 'aanbieder-65656055'];

let chain: TestChain;
let base: string;

beforeAll(async () => {
  chain = await startTestChain({ features: SPINE_ONLY, endpoints: Object.fromEntries(ENDPOINTS.map((n) => [n, () => ({ status: 200 })])) });
  base = chain.kp.url;
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

function handshake(options: { cert?: Buffer; key?: Buffer; maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: chain.kp.port, servername: 'localhost', ca: readFileSync(chain.certs.caCert), ...options });
    socket.on('secureConnect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
    socket.on('close', () => resolve(data.startsWith('HTTP/1.1 200') ? 'ok' : `closed:${data.slice(0, 40)}`));
  });
}

describe('mutual TLS and partner identity', () => {
  it('lets a partner with a dev-CA certificate complete the handshake', async () => {
    const files = chain.certs.partner('gemeente-0384');
    expect(await handshake({ cert: readFileSync(files.cert), key: readFileSync(files.key) })).toBe('ok');
  });

  it('fails the handshake without a client certificate', async () => {
    expect(await handshake({})).toMatch(/^error:.*(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ECONNRESET)/);
  });

  it('fails the handshake for a certificate from an unknown CA', async () => {
    const rogue = { cert: readFileSync(chain.certs.rogueClientCert), key: readFileSync(chain.certs.rogueClientKey) };
    // TLS 1.2 verifies the client certificate inside the handshake, which the server aborts.
    expect(await handshake({ ...rogue, maxVersion: 'TLSv1.2' })).toMatch(/^error:.*(UNKNOWN_CA|ECONNRESET)/);
    // TLS 1.3 lets the client finish first; the server then aborts and no HTTP answer ever comes.
    expect(await handshake(rogue)).toMatch(/^(error:|closed:$)/);
  });

  it('refuses TLS older than 1.2', async () => {
    const files = chain.certs.partner('gemeente-0384');
    expect(await handshake({ cert: readFileSync(files.cert), key: readFileSync(files.key), maxVersion: 'TLSv1.1' })).toMatch(/^error:/);
  });

  it('answers 403 unknown-partner for a known CA but an OIN not in the registry', async () => {
    const client = partnerClient(chain.certs, { cert: chain.certs.strangerCert, key: chain.certs.strangerKey });
    const res = await client.post(base, sample('iwmo-3.2', 'WMO301'));
    await client.close();
    expect(res.status).toBe(403);
    expect(res.body.errors[0].code).toBe('unknown-partner');
  });

  it('answers 403 not-authorised for a message type the partner may not send', async () => {
    const client = partnerClient(chain.certs, 'aanbieder-42420001');
    const res = await client.post(base, sample('iwmo-3.2', 'WMO301'));
    await client.close();
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ code: 'not-authorised' });
    expect(res.body.errors[0].message).toContain('WMO301');
  });

  it('answers 403 sender-mismatch when the header names another organisation than the certificate', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0363');
    const res = await client.post(base, sample('iwmo-3.2', 'WMO301')); // Afzender 0384
    await client.close();
    expect(res.status).toBe(403);
    expect(res.body.errors[0].code).toBe('sender-mismatch');
  });
});

describe('refusals on content', () => {
  it('refuses a DOCTYPE with 400 and never resolves the entity', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const xxe = sample('iwmo-3.2', 'WMO301').toString().replace('<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE wmo301:Bericht [<!ENTITY e SYSTEM "file:///etc/passwd">]>').replace('<iwmo:Identificatie>123456789012', '<iwmo:Identificatie>&e;');
    const res = await client.post(base, xxe);
    await client.close();
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('doctype-forbidden');
    expect(JSON.stringify(res.body)).not.toContain('root:');
  });

  it('answers 413 for a body over 25 MB', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const res = await client.post(base, Buffer.alloc(25 * 1024 * 1024 + 1, 0x20));
    await client.close();
    expect(res.status).toBe(413);
    expect(res.body.errors[0].code).toBe('payload-too-large');
  });

  it('answers 400 with line and path for each invalid iJw sample', async () => {
    const client = partnerClient(chain.certs, 'aanbieder-42420001');
    const other = partnerClient(chain.certs, 'aanbieder-65656055');
    for (const { name, body } of corpusFiles('ijw-3.2/samples-invalid')) {
      const res = await (name === 'JW315.xml' ? client : other).post(base, body);
      expect(res.status, name).toBe(400);
      expect(res.body.errors.length, name).toBeGreaterThan(0);
      for (const e of res.body.errors) {
        expect(e.code).toBe('xsd-invalid');
        expect(e.line, name).toBeGreaterThan(0);
        expect(e.path, name).toMatch(/^\//);
      }
    }
    await client.close();
    await other.close();
  });
});

describe('accepted messages reach their partner', () => {
  it('delivers the corpus WMO301 from gemeente-0384 to aanbieder-42420001, byte for byte', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const body = sample('iwmo-3.2', 'WMO301');
    const res = await client.post(base, body);
    await client.close();
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ family: 'iwmo', type: 'WMO301', status: 'published' });
    const endpoint = chain.endpoints['aanbieder-42420001']!;
    await endpoint.waitFor(1, 15_000);
    const got = endpoint.received.get(res.body.id);
    expect(got?.body.equals(body)).toBe(true);
    const events = (await untilEvent(chain, res.body.id, 'delivered', 5_000)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['received', 'published', 'routed', 'delivery-attempt', 'delivered']));
  });

  it('answers the same id for the same message sent again, and delivers it once', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const again = await client.post(base, sample('iwmo-3.2', 'WMO301'));
    await client.close();
    expect(again.status).toBe(202);
    expect(again.body.duplicate).toBe(true);
    const endpoint = chain.endpoints['aanbieder-42420001']!;
    expect(endpoint.received.has(again.body.id)).toBe(true);
    expect(endpoint.hits.get(again.body.id)).toHaveLength(1);
  });

  it('accepts every iWmo and iJw sample from the partner allowed to send it and routes it to the other party', async () => {
    const sent: Array<{ id: string; receiver: string; name: string }> = [];
    for (const dir of ['iwmo-3.2/samples', 'ijw-3.2/samples']) {
      for (const { name, body } of corpusFiles(dir)) {
        const flow = FLOW[name.replace(/\D/g, '')];
        expect(flow, name).toBeDefined();
        const [sender, receiver] = flow!;
        const client = partnerClient(chain.certs, sender);
        const res = await client.post(base, body, { 'idempotency-key': `${dir}/${name}` });
        await client.close();
        expect(res.status, `${dir}/${name}: ${JSON.stringify(res.body)}`).toBe(202);
        sent.push({ id: res.body.id, receiver, name });
      }
    }
    expect(sent).toHaveLength(26);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !sent.every((s) => chain.endpoints[s.receiver]!.received.has(s.id))) await new Promise((r) => setTimeout(r, 100));
    for (const s of sent) expect(chain.endpoints[s.receiver]!.received.has(s.id), `${s.name} → ${s.receiver}`).toBe(true);
  });
});

describe('health, readiness and metrics', () => {
  it('is ready with store and broker up, and shows metrics only to the operator', async () => {
    const operator = partnerClient(chain.certs, 'operator');
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const ready = await operator.get(base, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ store: 'ok', broker: 'ok' });
    const metrics = await operator.get(base, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/kp_messages_accepted_total\{family="iwmo",type="WMO301",partner="gemeente-0384"\} [1-9]/);
    expect(metrics.body).toMatch(/kp_messages_rejected_total\{[^}]*code="not-authorised"[^}]*\} [1-9]/);
    expect(metrics.body).toMatch(/kp_delivery_attempts_total\{partner="aanbieder-42420001",outcome="delivered"\} [1-9]/);
    expect((await gemeente.get(base, '/metrics')).status).toBe(403);
    await operator.close();
    await gemeente.close();
  });
});
