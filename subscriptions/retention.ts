// Raw BRP messages (LO3, Berichten API JSON, StUF-BG; the Ap01/Av01 the gateway sent) hold BSNs and whole
// persoonslijsten; they are kept encrypted and, after the retention period, their payload is purged — the
// same erasure as the operator's purge of a dead message (store/purge.ts): payload
// and BSN index go, the message row, its events, deliveries and dedup key stay. So a mutation GBA-V sends
// again after the purge is still recognised as a duplicate and raises no second alert, and the operator
// still sees that it came, when and where it went. Messages still in flight are never touched.

import { PURGED_KEY_ID, purgeSettledPayloads } from '../store/purge.ts';
import type { Store } from '../store/index.ts';

export { PURGED_KEY_ID };
export const BRP_RETENTION_FAMILIES: readonly string[] = ['brp'];

export interface PurgeResult { purged: number }

/** Purges the payloads of settled (delivered or dead) messages of the families received before `before`. */
export async function purgePayloads(store: Store, before: Date, families: readonly string[] = BRP_RETENTION_FAMILIES, batch = 500): Promise<PurgeResult> {
  return { purged: await purgeSettledPayloads(store.tables(), { families, before, by: 'retention', batch }) };
}
