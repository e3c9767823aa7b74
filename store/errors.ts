export type StoreErrorCode =
  | 'CONFIG_INVALID'
  | 'SECRET_MISSING'
  | 'SECRET_INVALID'
  | 'MESSAGE_NOT_FOUND'
  | 'DELIVERY_NOT_FOUND'
  | 'PAYLOAD_KEY_UNKNOWN'
  | 'PAYLOAD_DECRYPT_FAILED'
  | 'STORE_CLOSED';

/** Messages never carry a BSN, a payload or a secret. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

/** Foreign-key violation from either driver (better-sqlite3 or pg). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
