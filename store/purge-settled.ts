import type { Kysely } from 'kysely';
import { insertEvents } from './events.ts';
import { PURGED_KEY_ID } from './replay.ts';
import type { Database } from './schema.ts';

/**
 * Retention: erases the payloads (and BSN index) of settled — delivered or dead — messages of the given
 * families received before `before`, in batches, each one transaction. The row, its events, deliveries and
 * dedup key stay, so a copy sent again after the purge is still a duplicate, and the operator still sees
 * that it came, when and where it went. Messages still in flight are never touched.
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
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await trx.updateTable('messages').set({ payload: Buffer.alloc(0), key_id: PURGED_KEY_ID }).where('id', 'in', ids).execute();
      await trx.deleteFrom('message_bsns').where('message_id', 'in', ids).execute();
      const at = Date.now();
      await insertEvents(trx, ids.map((messageId) => ({ messageId, at, type: 'purged', detail: { by: opts.by, before: opts.before.toISOString() } })));
      return ids;
    });
    purged += ids.length;
    if (ids.length < batch) return purged;
  }
}
