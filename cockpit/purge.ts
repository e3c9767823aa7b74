// Purge: the payload of a dead message is erased (store/purge.ts purgeMessagePayload) and its dead letters
// resolved. The row, its events and its dedup key stay: deleting the message would cascade the dedup key, and a
// partner sending the same message again would then have it processed a second time.
import { purgeMessagePayload } from '../store/purge.ts';
import type { OperatorAct } from '../store/replay.ts';
import type { Store } from '../store/index.ts';
import { deadLettersInKeyOrder, deadLettersOfMessage, type DeadFilter, type DeadLetter, type DeadRef } from './dead-letters.ts';
import { resolve } from './marks.ts';
import type { CockpitDb } from './messages.ts';

export interface PurgeResult { dryRun: boolean; matched: number; purged: number; skipped: { held: number; deliveriesPending: number } }

const PAGE = 200;

/** Counts are messages (a payload belongs to a message, not to one of its deliveries). */
export async function purge(store: Store, db: CockpitDb, selection: { ids: DeadRef[] } | { filter: DeadFilter }, dryRun: boolean, by: OperatorAct): Promise<PurgeResult> {
  const result: PurgeResult = { dryRun, matched: 0, purged: 0, skipped: { held: 0, deliveriesPending: 0 } };
  const seen = new Set<string>();
  const handle = async (messageId: string): Promise<void> => {
    if (seen.has(messageId)) return;
    seen.add(messageId);
    const letters = await deadLettersOfMessage(db, messageId);
    if (letters.length === 0) return;
    result.matched++;
    if (letters.some((d) => d.held)) { result.skipped.held++; return; }
    // A message is dead once one delivery is; another may still be retrying and needs the payload.
    const pending = await db.selectFrom('deliveries').select('partner').where('message_id', '=', messageId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) { result.skipped.deliveriesPending++; return; }
    if (dryRun) return;
    const purgedNow = letters.every((d) => d.purged) ? false : await purgeMessagePayload(store.tables<unknown>(), messageId, by);
    await resolve(db, letters, { actor: by.actor, actorOin: by.actorOin, note: 'purged' });
    if (purgedNow) result.purged++;
  };
  if ('ids' in selection) {
    for (const ref of selection.ids) await handle(ref.messageId);
    return result;
  }
  let afterKey: { messageId: string; destination: string } | undefined;
  for (;;) {
    const page: DeadLetter[] = await deadLettersInKeyOrder(db, selection.filter, afterKey ? { afterKey } : {}, PAGE);
    for (const d of page) await handle(d.messageId);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return result;
    afterKey = { messageId: last.messageId, destination: last.destination ?? '' };
  }
}
