import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretsFromEnv } from '../../../store/index.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const valid = { KP_PAYLOAD_KEYS: `k1:${key(1)},k2:${key(2)}`, KP_PAYLOAD_KEY_ID: 'k2', KP_BSN_HMAC_KEY: key(3) };

function errorOf(env: NodeJS.ProcessEnv): { code?: string; message: string } {
  try {
    secretsFromEnv(env);
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('secretsFromEnv accepted the environment');
}

describe('secretsFromEnv', () => {
  it('reads all payload keys, the active key id and the BSN key', () => {
    const s = secretsFromEnv(valid);
    expect([...s.payloadKeys.keys()]).toEqual(['k1', 'k2']);
    expect(s.payloadKeys.get('k1')).toEqual(Buffer.alloc(32, 1));
    expect(s.activeKeyId).toBe('k2');
    expect(s.bsnHmacKey).toEqual(Buffer.alloc(32, 3));
  });

  it('takes the only key as active when KP_PAYLOAD_KEY_ID is left out', () => {
    expect(secretsFromEnv({ KP_PAYLOAD_KEYS: `main:${key(1)}`, KP_BSN_HMAC_KEY: key(3) }).activeKeyId).toBe('main');
  });

  it('reads each variable from a file via *_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-secrets-'));
    const files = { keys: join(dir, 'keys'), id: join(dir, 'id'), bsn: join(dir, 'bsn') };
    writeFileSync(files.keys, `k1:${key(1)},k2:${key(2)}\n`);
    writeFileSync(files.id, 'k1\n');
    writeFileSync(files.bsn, `${key(4)}\n`);
    const s = secretsFromEnv({ KP_PAYLOAD_KEYS_FILE: files.keys, KP_PAYLOAD_KEY_ID_FILE: files.id, KP_BSN_HMAC_KEY_FILE: files.bsn });
    expect(s.activeKeyId).toBe('k1');
    expect(s.bsnHmacKey).toEqual(Buffer.alloc(32, 4));
    expect(errorOf({ ...valid, KP_BSN_HMAC_KEY: undefined, KP_BSN_HMAC_KEY_FILE: join(dir, 'absent') }).message).toContain('KP_BSN_HMAC_KEY_FILE');
  });

  it.each([
    ['KP_PAYLOAD_KEYS', { ...valid, KP_PAYLOAD_KEYS: undefined }, 'SECRET_MISSING'],
    ['KP_BSN_HMAC_KEY', { ...valid, KP_BSN_HMAC_KEY: '' }, 'SECRET_MISSING'],
    ['KP_PAYLOAD_KEY_ID', { ...valid, KP_PAYLOAD_KEY_ID: undefined }, 'SECRET_MISSING'],
    ['KP_PAYLOAD_KEY_ID', { ...valid, KP_PAYLOAD_KEY_ID: 'k9' }, 'SECRET_INVALID'],
    ['KP_BSN_HMAC_KEY', { ...valid, KP_BSN_HMAC_KEY: Buffer.alloc(16).toString('base64') }, 'SECRET_INVALID'],
    ['KP_PAYLOAD_KEYS', { ...valid, KP_PAYLOAD_KEYS: `k1:${Buffer.alloc(31).toString('base64')}` }, 'SECRET_INVALID'],
    ['KP_PAYLOAD_KEYS', { ...valid, KP_PAYLOAD_KEYS: key(1) }, 'SECRET_INVALID'],
    ['KP_PAYLOAD_KEYS', { ...valid, KP_PAYLOAD_KEYS: `k1:${key(1)},k1:${key(2)}` }, 'SECRET_INVALID'],
    ['KP_BSN_HMAC_KEY', { ...valid, KP_BSN_HMAC_KEY: 'not base64!' }, 'SECRET_INVALID'],
    ['KP_PAYLOAD_KEYS', { ...valid, KP_PAYLOAD_KEYS_FILE: '/x' }, 'CONFIG_INVALID'],
  ])('names %s in the error', (name, env, code) => {
    const err = errorOf(env);
    expect(err.code).toBe(code);
    expect(err.message).toContain(name);
  });

  it('never puts a key value in an error message', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(errorOf({ ...valid, KP_BSN_HMAC_KEY: short }).message).not.toContain(short);
  });
});
