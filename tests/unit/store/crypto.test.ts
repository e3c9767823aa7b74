import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bsnHash, decryptPayload, encryptPayload } from '../../../store/crypto.ts';
import type { StoreSecrets } from '../../../store/index.ts';

const secrets: StoreSecrets = {
  payloadKeys: new Map([['k1', randomBytes(32)], ['k2', randomBytes(32)]]),
  activeKeyId: 'k1',
  bsnHmacKey: randomBytes(32),
};
const id = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('payload encryption', () => {
  it('round-trips with a fresh IV each time and the key id recorded', () => {
    const plain = Buffer.from('<Bericht>079646979</Bericht>');
    const a = encryptPayload(secrets, id, plain);
    const b = encryptPayload(secrets, id, plain);
    expect(a.keyId).toBe('k1');
    expect(a.blob.subarray(0, 12).equals(b.blob.subarray(0, 12))).toBe(false);
    expect(a.blob.includes(plain)).toBe(false);
    expect(decryptPayload(secrets, id, 'k1', a.blob).equals(plain)).toBe(true);
  });

  it('rejects a flipped bit, another id (AAD), another key and an unknown key id with typed errors', () => {
    const { blob } = encryptPayload(secrets, id, Buffer.from('hello'));
    const flipped = Buffer.from(blob);
    const last = flipped.length - 1;
    flipped.writeUInt8(flipped.readUInt8(last) ^ 1, last);
    expect(() => decryptPayload(secrets, id, 'k1', flipped)).toThrow(expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }));
    expect(() => decryptPayload(secrets, id.replace(/7$/, '8'), 'k1', blob)).toThrow(expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }));
    expect(() => decryptPayload(secrets, id, 'k2', blob)).toThrow(expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }));
    expect(() => decryptPayload(secrets, id, 'k3', blob)).toThrow(expect.objectContaining({ code: 'PAYLOAD_KEY_UNKNOWN' }));
    expect(() => decryptPayload(secrets, id, 'k1', blob.subarray(0, 20))).toThrow(expect.objectContaining({ code: 'PAYLOAD_DECRYPT_FAILED' }));
  });
});

describe('bsnHash', () => {
  it('is keyed, stable, hex, and keeps leading zeros significant', () => {
    const h = bsnHash(secrets.bsnHmacKey, '079646979');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(bsnHash(secrets.bsnHmacKey, ' 079646979\n')).toBe(h);
    expect(bsnHash(secrets.bsnHmacKey, '79646979')).not.toBe(h);
    expect(bsnHash(randomBytes(32), '079646979')).not.toBe(h);
  });
});
