import type { Kysely } from 'kysely';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import type { BatchWriter, StoredRef } from '../store/index.ts';
import type { DeadlineTracker } from './deadline-tracker.ts';
import type { Level3Claims } from './level3.ts';
import type { IstandaardenTables } from './migrations.ts';

/** What an accepted iWmo/iJw message writes with itself (the inspection's persist, batchable). */
export interface IstandaardenPart {
  model: CanonicalMessage;
  /** Its retour went back at once, in a Du01. */
  answeredAtOnce: boolean;
}

/**
 * The level-3 claims and deadline rows of every accepted iWmo/iJw message of a group-commit batch, in a few
 * multi-row statements for the batch (Level3Claims.claimAll, DeadlineTracker.recordAll) instead of a few per
 * message. A claim another message holds makes it return false: the store rolls the batch's writes back and runs
 * each message's own persist, which names the finding and refuses that message alone.
 */
export class IstandaardenBatchWriter implements BatchWriter<IstandaardenPart> {
  constructor(private readonly claims: Level3Claims, private readonly tracker: DeadlineTracker) {}

  async run(trx: Kysely<any>, entries: readonly { part: IstandaardenPart; stored: StoredRef }[]): Promise<boolean> {
    const db = trx as Kysely<IstandaardenTables>;
    if (!(await this.claims.claimAll(db, entries.map((e) => ({ model: e.part.model, message: e.stored.id }))))) return false;
    await this.tracker.recordAll(db, entries.map((e) => ({ messageId: e.stored.id, model: e.part.model, receivedAt: e.stored.receivedAt, answeredAtOnce: e.part.answeredAtOnce })));
    return true;
  }
}
