export { openStore } from './store.ts';
export type { StoreOptions } from './store.ts';
export { secretsFromEnv } from './secrets.ts';
export type { StoreSecrets } from './secrets.ts';
export { StoreError, isStoreError } from './errors.ts';
export type { StoreErrorCode } from './errors.ts';
export { MESSAGE_STATUSES } from './types.ts';
export type {
  AttemptRecord, ClaimResult, DeliveryStatus, MessageEvent, MessageMeta, MessageStatus, NewMessage, Store,
} from './types.ts';
export { bsnHash } from './crypto.ts';
