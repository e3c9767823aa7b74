export { openStore } from './store.ts';
export type { StoreOptions } from './store.ts';
export { secretsFromEnv } from './secrets.ts';
export type { StoreSecrets } from './secrets.ts';
export { StoreError, isStoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export { MESSAGE_STATUSES } from './types.ts';
export type {
  AttemptRecord, BatchedWrites, BatchWriter, ClaimedMessage, ClaimResult, DeliveryStatus, MessageEvent, MessageMeta, MessageStatus, MessageWrites, NewMessage, Store, StoredRef,
} from './types.ts';
export { bsnHash } from './crypto.ts';
export type { Migration } from './migrations/index.ts';
export type { Database } from './schema.ts';
export type { DbInt } from './time.ts';
export { toDate, toNumber, toOptionalDate } from './time.ts';
export { uuidv7 } from './ids.ts';
export { META_COLUMNS, rowToMeta } from './messages.ts';
export type { Dialect, StoreCounters } from './db.ts';
export { dialectOf, fixedTexts, hotSql, idListParam, idListSql, namedRowsSource, rowsSourceParams, rowsSourceSql, runHot, runHotCount } from './sql.ts';
