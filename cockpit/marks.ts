// Hold and resolve: an operator's decision about a dead letter, in the cockpit's own table.
import { OpsError } from './errors.ts';
import { deadLettersOfMessage, type DeadLetter } from './dead-letters.ts';
import type { CockpitDb } from './messages.ts';

export interface MarkAct { actor: string; actorOin: string; note?: string }

/** The message's current dead letters (one destination, or all); 404 when there is none. */
export async function deadLettersFor(db: CockpitDb, messageId: string, destination?: string): Promise<DeadLetter[]> {
  const all = await deadLettersOfMessage(db, messageId);
  const picked = destination ? all.filter((d) => d.destination === destination) : all;
  if (picked.length === 0) {
    throw new OpsError(404, 'dead-letter-not-found', destination ? `message ${messageId} has no dead delivery to ${destination}` : `message ${messageId} is not a dead letter`);
  }
  return picked;
}

export async function hold(db: CockpitDb, letters: readonly DeadLetter[], by: MarkAct): Promise<string[]> {
  const now = Date.now();
  const out: string[] = [];
  for (const d of letters) {
    if (d.held) { out.push(d.key); continue; }
    await db.insertInto('cockpit_marks')
      .values({ message_id: d.messageId, destination: d.destination ?? '', state: 'held', actor: by.actor, actor_oin: by.actorOin, at: now, note: by.note ?? null })
      .onConflict((oc) => oc.columns(['message_id', 'destination']).doNothing())
      .execute();
    out.push(d.key);
  }
  return out;
}

export async function release(db: CockpitDb, letters: readonly DeadLetter[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of letters) {
    if (!d.held) continue;
    await db.deleteFrom('cockpit_marks')
      .where('message_id', '=', d.messageId).where('destination', '=', d.destination ?? '').where('state', '=', 'held')
      .execute();
    out.push(d.key);
  }
  return out;
}

/** Takes a dead letter off the dead list: it was edited, purged, or (refused) sent in again. */
export async function resolve(db: CockpitDb, letters: readonly { messageId: string; destination: string | null }[], by: MarkAct): Promise<void> {
  const now = Date.now();
  for (const d of letters) {
    await db.insertInto('cockpit_marks')
      .values({ message_id: d.messageId, destination: d.destination ?? '', state: 'resolved', actor: by.actor, actor_oin: by.actorOin, at: now, note: by.note ?? null })
      .onConflict((oc) => oc.columns(['message_id', 'destination']).doUpdateSet({ state: 'resolved', actor: by.actor, actor_oin: by.actorOin, at: now, note: by.note ?? null }))
      .execute();
  }
}
