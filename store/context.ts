import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Dialect, StoreCounters } from './db.ts';
import type { Database } from './schema.ts';
import type { StoreSecrets } from './secrets.ts';

/** What every repository function needs. */
export interface StoreContext {
  db: Kysely<Database>;
  dialect: Dialect;
  secrets: StoreSecrets;
  logger?: Logger;
  counters: StoreCounters;
}
