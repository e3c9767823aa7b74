import type { Kysely } from 'kysely';
import { insertEvents } from './events.ts';
import type { Database } from './schema.ts';

/** The key id of a message whose payload was erased: nothing decrypts it, and the payload is empty. */
export const PURGED_KEY_ID = 'purged';

/**
 * Erasure, the one way both the operator's purge and retention remove personal data: the payload and the BSN
 * index go; the row, its events, deliveries and dedup key stay, so a copy sent again is still a duplicate and
 * the operator still sees that it came, when and where it went. Inside the caller's transaction. The one
 * UPDATE decides which of `ids` it erases (not purged yet, and `status` among those given, when given), so
 * two purges of one message at once write one 'purged' event. Returns the ids erased.
 */
async function erasePayloads(trx: Kysely<Database>, ids: readonly string[], statuses: readonly string[] | undefined, detail: Record<string, unknown>): Promise<string[]> {
  let update = trx.updateTable('messages').set({ payload: Buffer.alloc(0), key_id: PURGED_KEY_ID })
    .where('id', 'in', [...ids]).where('key_id', '!=', PURGED_KEY_ID);
  if (statuses) update = update.where('status', 'in', [...statuses]);
  const erased = (await update.returning('id').execute()).map((r) => r.id);
  if (erased.length === 0) return erased;
  await trx.deleteFrom('message_bsns').where('message_id', 'in', erased).execute();
  const at = Date.now();
  await insertEvents(trx, erased.map((messageId) => ({ messageId, at, type: 'purged', detail })));
  return erased;
}

/** An operator's purge of one dead message; false when it is not dead or already purged. */
export async function purgeMessagePayload(db: Kysely<Database>, messageId: string, by: { actor: string; actorOin: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => (await erasePayloads(trx, [messageId], ['dead'], { by: by.actor, byOin: by.actorOin })).length > 0);
}

/**
 * Retention: erases the payloads of settled — delivered or dead — messages of the given families received
 * before `before`, in batches of one transaction each. Messages still in flight are never touched.
 */
export async function purgeSettledPayloads(db: Kysely<Database>, opts: { families: readonly string[]; before: Date; by: string; batch?: number }): Promise<number> {
  const batch = opts.batch ?? 500;
  let purged = 0;
  for (;;) {
    const ids = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('messages').select('id')
        .where('family', 'in', [...opts.families]).where('received_at', '<', opts.before.getTime())
        .where('status', 'in', ['delivered', 'dead']).where('key_id', '!=', PURGED_KEY_ID)
        .orderBy('received_at').limit(batch).execute();
      const found = rows.map((r) => r.id);
      if (found.length > 0) await erasePayloads(trx, found, ['delivered', 'dead'], { by: opts.by, before: opts.before.toISOString() });
      return found;
    });
    purged += ids.length;
    if (ids.length < batch) return purged;
  }
}
