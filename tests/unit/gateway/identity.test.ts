import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls, { type PeerCertificate } from 'node:tls';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { ensureDevCerts, STRANGER_OIN, type DevCertFiles } from '../../../certs-dev/generate.ts';
import { issueLeafCertificate, keyPairFromPem, newRsaKeyPair } from '../../../certs-dev/issue.ts';
import { oinFromCertificate } from '../../../gateway/identity.ts';

const GEMEENTE = { name: 'gemeente-0384', oin: '00000001000000384000' };

interface ClientCredentials {
  cert: string | Buffer;
  key: string | Buffer;
}

interface Handshake {
  authorized: boolean;
  peer: PeerCertificate;
}

describe('oinFromCertificate over a real mTLS handshake', { timeout: 30_000 }, () => {
  let dir = '';
  let files: DevCertFiles;
  let server: tls.Server;
  let port = 0;
  const seen: Handshake[] = [];

  /** A client certificate from the dev CA with the given subject serialNumber values. */
  async function clientWithSerials(serialNumbers: string[]): Promise<ClientCredentials> {
    const ca = {
      cert: forge.pki.certificateFromPem(readFileSync(files.caCert, 'utf8')),
      keys: keyPairFromPem(readFileSync(files.caKey, 'utf8')),
    };
    const keys = await newRsaKeyPair();
    const cert = issueLeafCertificate(
      { subject: { commonName: 'test-client', organization: 'Ketenpoort development', serialNumbers }, usage: 'clientAuth', validityDays: 1 },
      keys,
      ca,
    );
    return { cert: forge.pki.certificateToPem(cert), key: keys.privateKeyPem };
  }

  /** Connects with the credentials and returns what the server saw of the client. */
  function handshake(client: ClientCredentials): Promise<Handshake> {
    const before = seen.length;
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(files.caCert), ...client }, () => {
        socket.once('data', () => {
          socket.end();
          const result = seen[before];
          if (result === undefined) reject(new Error('server saw no connection'));
          else resolve(result);
        });
      });
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('connection closed before the server answered')));
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kp-identity-'));
    files = await ensureDevCerts({ outDir: dir, partners: [GEMEENTE] });
    server = tls.createServer(
      {
        key: readFileSync(files.serverKey),
        cert: readFileSync(files.serverCert),
        ca: readFileSync(files.caCert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => {
        seen.push({ authorized: socket.authorized, peer: socket.getPeerCertificate() });
        socket.end('ok');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 30_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns the partner's OIN from its verified client certificate", async () => {
    const { authorized, peer } = await handshake({ cert: readFileSync(files.partner(GEMEENTE.name).cert), key: readFileSync(files.partner(GEMEENTE.name).key) });
    expect(authorized).toBe(true);
    expect(peer.subject.serialNumber).toBe(GEMEENTE.oin); // Node's key for OID 2.5.4.5
    expect(oinFromCertificate(peer)).toBe(GEMEENTE.oin);
  });

  it('returns the stranger OIN too: being in no registry is for authorisation to decide', async () => {
    const { peer } = await handshake({ cert: readFileSync(files.strangerCert), key: readFileSync(files.strangerKey) });
    expect(oinFromCertificate(peer)).toBe(STRANGER_OIN);
  });

  it('returns undefined for a certificate without a serialNumber or with one that is not 20 digits', async () => {
    const none = await handshake(await clientWithSerials([]));
    expect(none.authorized).toBe(true);
    expect(none.peer.subject.CN).toBe('test-client');
    expect(oinFromCertificate(none.peer)).toBeUndefined();

    const short = await handshake(await clientWithSerials(['0000000100000038400']));
    expect(short.peer.subject.serialNumber).toBe('0000000100000038400');
    expect(oinFromCertificate(short.peer)).toBeUndefined();

    const prefixed = await handshake(await clientWithSerials(['OIN00000001000000384000']));
    expect(oinFromCertificate(prefixed.peer)).toBeUndefined();
  });

  it('handles a repeated serialNumber attribute: an array, accepted only when all values agree', async () => {
    const differing = await handshake(await clientWithSerials([GEMEENTE.oin, '00000001000000363000']));
    expect(differing.peer.subject.serialNumber).toEqual([GEMEENTE.oin, '00000001000000363000']);
    expect(oinFromCertificate(differing.peer)).toBeUndefined();

    const same = await handshake(await clientWithSerials([GEMEENTE.oin, GEMEENTE.oin]));
    expect(Array.isArray(same.peer.subject.serialNumber)).toBe(true);
    expect(oinFromCertificate(same.peer)).toBe(GEMEENTE.oin);
  });

  it('the rogue client never gets as far as an identity: the handshake fails', async () => {
    const count = seen.length;
    await expect(handshake({ cert: readFileSync(files.rogueClientCert), key: readFileSync(files.rogueClientKey) })).rejects.toThrow(/unknown ca|certificate|ECONNRESET|closed/);
    expect(seen.length).toBe(count);
  });

  it('returns undefined when there is no certificate at all', () => {
    expect(oinFromCertificate(undefined)).toBeUndefined();
    expect(oinFromCertificate({} as PeerCertificate)).toBeUndefined(); // what getPeerCertificate() gives without a client certificate
  });
});
