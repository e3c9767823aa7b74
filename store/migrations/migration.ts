import type { Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

export interface Migration {
  /** Applied in the order of MIGRATIONS; never rename or reorder an applied one. */
  id: string;
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}
