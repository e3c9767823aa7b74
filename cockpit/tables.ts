import type { Kysely } from 'kysely';
import type { Database, DbInt } from '../store/index.ts';

/**
 * The cockpit's own tables. A mark says what an operator decided about a dead letter: 'held' (left out of
 * replays) or 'resolved' (dealt with otherwise: edited, purged, a refused message sent in again; it leaves the
 * dead list). `destination` is '' for a message refused at ingest.
 */
export interface CockpitTables {
  cockpit_marks: {
    message_id: string;
    destination: string;
    state: 'held' | 'resolved';
    actor: string;
    actor_oin: string;
    at: DbInt;
    note: string | null;
  };
  cockpit_replay_jobs: {
    id: string;
    created_at: DbInt;
    updated_at: DbInt;
    finished_at: DbInt | null;
    actor: string;
    actor_oin: string;
    /** JSON: { ids } or { filter }. */
    selection: string;
    rate: number;
    state: string;
    cancel_requested: number;
    total: number;
    replayed: number;
    skipped: number;
    failed: number;
    /** JSON array of the first errors. */
    errors: string;
  };
}

/** The database as the cockpit sees it: the store's tables and its own. */
export type CockpitDb = Kysely<Database & CockpitTables>;
