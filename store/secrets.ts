import { readFileSync } from 'node:fs';
import { StoreError } from './errors.ts';

export interface StoreSecrets {
  /** key id → 32-byte AES-256-GCM key; old keys stay here so old payloads stay readable. */
  payloadKeys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  /** 32-byte HMAC-SHA256 key for BSN hashes. */
  bsnHmacKey: Buffer;
}

export const KEY_BYTES = 32;
const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * KP_PAYLOAD_KEYS="k1:<base64 32 bytes>,k2:<…>", KP_PAYLOAD_KEY_ID=k2, KP_BSN_HMAC_KEY=<base64 32 bytes>.
 * Each variable may instead be given as a file: KP_PAYLOAD_KEYS_FILE, KP_PAYLOAD_KEY_ID_FILE, KP_BSN_HMAC_KEY_FILE.
 * KP_PAYLOAD_KEY_ID may be left out when exactly one payload key is configured.
 * Errors name the variable, never its value.
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv): StoreSecrets {
  const keysText = readVar(env, 'KP_PAYLOAD_KEYS');
  if (keysText === undefined) throw missing('KP_PAYLOAD_KEYS');
  const payloadKeys = parsePayloadKeys(keysText);

  let activeKeyId = readVar(env, 'KP_PAYLOAD_KEY_ID');
  if (activeKeyId === undefined) {
    if (payloadKeys.size !== 1) throw missing('KP_PAYLOAD_KEY_ID', ' (required when KP_PAYLOAD_KEYS holds more than one key)');
    activeKeyId = [...payloadKeys.keys()][0]!;
  }
  if (!payloadKeys.has(activeKeyId)) {
    throw new StoreError('SECRET_INVALID', `KP_PAYLOAD_KEY_ID names a key id that is not in KP_PAYLOAD_KEYS`);
  }

  const bsnText = readVar(env, 'KP_BSN_HMAC_KEY');
  if (bsnText === undefined) throw missing('KP_BSN_HMAC_KEY');
  const bsnHmacKey = decodeKey(bsnText, 'KP_BSN_HMAC_KEY');

  return { payloadKeys, activeKeyId, bsnHmacKey };
}

/** Throws when the secrets object is unusable (wrong key length, unknown active key). */
export function assertValidSecrets(s: StoreSecrets): void {
  for (const [id, key] of s.payloadKeys) {
    if (key.length !== KEY_BYTES) throw new StoreError('SECRET_INVALID', `payload key "${id}" must be ${KEY_BYTES} bytes`);
  }
  if (!s.payloadKeys.has(s.activeKeyId)) throw new StoreError('SECRET_INVALID', `active payload key id "${s.activeKeyId}" is not configured`);
  if (s.bsnHmacKey.length !== KEY_BYTES) throw new StoreError('SECRET_INVALID', `BSN HMAC key must be ${KEY_BYTES} bytes`);
}

function parsePayloadKeys(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new StoreError('SECRET_INVALID', 'KP_PAYLOAD_KEYS entries must look like "<key id>:<base64 key>"');
    const id = entry.slice(0, colon);
    if (!KEY_ID_PATTERN.test(id)) throw new StoreError('SECRET_INVALID', 'KP_PAYLOAD_KEYS has a key id with characters outside [A-Za-z0-9_.-]');
    if (keys.has(id)) throw new StoreError('SECRET_INVALID', `KP_PAYLOAD_KEYS names key id "${id}" twice`);
    keys.set(id, decodeKey(entry.slice(colon + 1), `KP_PAYLOAD_KEYS (key "${id}")`));
  }
  if (keys.size === 0) throw missing('KP_PAYLOAD_KEYS');
  return keys;
}

function decodeKey(text: string, name: string): Buffer {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) throw new StoreError('SECRET_INVALID', `${name} is not base64`);
  const key = Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new StoreError('SECRET_INVALID', `${name} must decode to ${KEY_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

function readVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && direct.trim() !== '' && file !== undefined && file.trim() !== '') {
    throw new StoreError('CONFIG_INVALID', `set either ${name} or ${name}_FILE, not both`);
  }
  if (direct !== undefined && direct.trim() !== '') return direct.trim();
  if (file !== undefined && file.trim() !== '') {
    let text: string;
    try {
      text = readFileSync(file.trim(), 'utf8');
    } catch (cause) {
      throw new StoreError('SECRET_MISSING', `${name}_FILE could not be read`, { cause });
    }
    return text.trim() === '' ? undefined : text.trim();
  }
  return undefined;
}

function missing(name: string, extra = ''): StoreError {
  return new StoreError('SECRET_MISSING', `${name} is not set (nor ${name}_FILE)${extra}`);
}
