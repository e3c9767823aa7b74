import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { StoreError } from './errors.ts';
import type { StoreSecrets } from './secrets.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptedPayload {
  keyId: string;
  /** iv | tag | ciphertext */
  blob: Buffer;
}

/** AES-256-GCM with a fresh IV; the message id is the AAD, so a blob cannot be moved to another row. */
export function encryptPayload(secrets: StoreSecrets, messageId: string, plaintext: Buffer): EncryptedPayload {
  const key = secrets.payloadKeys.get(secrets.activeKeyId);
  if (key === undefined) throw new StoreError('PAYLOAD_KEY_UNKNOWN', `active payload key id "${secrets.activeKeyId}" is not configured`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(messageId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { keyId: secrets.activeKeyId, blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
}

export function decryptPayload(secrets: Pick<StoreSecrets, 'payloadKeys'>, messageId: string, keyId: string, blob: Buffer): Buffer {
  const key = secrets.payloadKeys.get(keyId);
  if (key === undefined) {
    throw new StoreError('PAYLOAD_KEY_UNKNOWN', `payload of message ${messageId} is encrypted with key id "${keyId}", which is not configured`);
  }
  if (blob.length < IV_BYTES + TAG_BYTES) throw new StoreError('PAYLOAD_DECRYPT_FAILED', `payload of message ${messageId} is truncated`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(messageId, 'utf8'));
    decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new StoreError('PAYLOAD_DECRYPT_FAILED', `payload of message ${messageId} failed authentication with key id "${keyId}"`, { cause });
  }
}

/** Keyed hash of a BSN (HMAC-SHA256, hex). Surrounding whitespace is ignored; leading zeros are significant. */
export function bsnHash(bsnHmacKey: Buffer, bsn: string): string {
  return createHmac('sha256', bsnHmacKey).update(bsn.trim(), 'utf8').digest('hex');
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
