// Volgindicaties: one per (subscriber, person). Placing, changing and ending them (PUT semantics of the
// Haal Centraal BRP Update API), and reading them back for the subscriber that owns them.
import type { Selectable } from 'kysely';
import { uuidv7 } from '../store/index.ts';
import { db, type SubscriptionDeps } from './context.ts';
import { amsterdamDate, isActiveOn } from './dates.ts';
import type { VolgindicatiesTable, VolgindicatieStatus } from './tables.ts';

export type VolgindicatieRow = Selectable<VolgindicatiesTable>;

export interface VolgindicatieInput {
  /** YYYY-MM-DD; null or absent = no end. A date today or earlier ends the volgindicatie. */
  einddatum?: string | null;
  /** Absent = keep the current one; null = remove it. */
  referentie?: string | null;
}

export interface PutOutcome {
  row: VolgindicatieRow;
  created: boolean;
  /** It was not active before and is now (new, or an ended one put again). */
  activated: boolean;
  /** It was active before and is not now. */
  ended: boolean;
}

/** The volgindicatie as the API shows it (VolgindicatieRaadplegen plus this gateway's fields). */
export interface VolgindicatieView {
  burgerservicenummer: string;
  begindatum: string;
  einddatum?: string;
  referentie?: string;
  status: VolgindicatieStatus;
  reden?: { code: string; omschrijving?: string };
}

const aad = (id: string) => `volgindicatie:${id}`;

/**
 * Af01 reasons that tell something about the person (H: geheimhouding, B/V: a move under way) are not
 * passed on to the subscriber as such: it learns that the person cannot be followed, not why.
 */
const PERSOONLIJKE_REDENEN = new Set(['H', 'B', 'V']);
const NIET_VOLGBAAR = { code: 'niet-volgbaar', omschrijving: 'GBA-V staat het volgen van deze persoon niet toe' };
export const PL_AFGEVOERD = { code: 'pl-afgevoerd', omschrijving: 'De persoonslijst is afgevoerd (Ng01); de volgindicatie is beëindigd' };

function redenVoorAbonnee(code: string, omschrijving: string | null): { code: string; omschrijving?: string } {
  if (PERSOONLIJKE_REDENEN.has(code)) return NIET_VOLGBAAR;
  return { code, ...(omschrijving !== null ? { omschrijving } : {}) };
}

export class Volgindicaties {
  constructor(private readonly deps: Pick<SubscriptionDeps, 'store' | 'now'>) {}

  private today(): string {
    return amsterdamDate(this.deps.now());
  }

  async find(subscriber: string, bsnHash: string): Promise<VolgindicatieRow | undefined> {
    return db(this.deps).selectFrom('volgindicaties').selectAll()
      .where('subscriber', '=', subscriber).where('bsn_hash', '=', bsnHash).executeTakeFirst();
  }

  /** Places, changes or ends the subscriber's volgindicatie on the person. */
  async put(subscriber: string, bsn: string, input: VolgindicatieInput): Promise<PutOutcome> {
    const { store } = this.deps;
    const today = this.today();
    const now = this.deps.now();
    const bsnHash = store.bsnHash(bsn);
    const einddatum = input.einddatum ?? null;
    const endsNow = einddatum !== null && einddatum <= today;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.find(subscriber, bsnHash);
      if (existing === undefined) {
        const id = uuidv7(now);
        const sealed = store.seal(aad(id), Buffer.from(bsn, 'utf8'));
        const row: VolgindicatieRow = {
          id, subscriber, bsn_hash: bsnHash, bsn_key_id: sealed.keyId, bsn_blob: sealed.blob,
          referentie: input.referentie ?? null, begindatum: today, einddatum,
          status: endsNow ? 'beeindigd' : 'aangevraagd', reden_code: null, reden_omschrijving: null,
          created_at: now, updated_at: now,
        };
        const inserted = await db(this.deps).insertInto('volgindicaties').values(row)
          .onConflict((oc) => oc.columns(['subscriber', 'bsn_hash']).doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { row, created: true, activated: !endsNow, ended: false };
        if (attempt >= 2) throw new Error('volgindicatie insert kept conflicting');
        continue; // put at the same moment by a second request: change that one instead
      }
      const wasActive = isActiveOn(existing, today);
      const status: VolgindicatieStatus = endsNow ? 'beeindigd' : wasActive ? (existing.status as VolgindicatieStatus) : 'aangevraagd';
      const changes = {
        einddatum,
        referentie: input.referentie === undefined ? existing.referentie : input.referentie,
        // Put again after it ended: a new period, and changes from before it are not reported (wijzigingen.feature).
        begindatum: wasActive || endsNow ? existing.begindatum : today,
        status,
        ...(status === existing.status ? {} : { reden_code: null, reden_omschrijving: null }),
        updated_at: now,
      };
      await db(this.deps).updateTable('volgindicaties').set(changes).where('id', '=', existing.id).execute();
      return { row: { ...existing, ...changes }, created: false, activated: !wasActive && !endsNow, ended: wasActive && endsNow };
    }
  }

  /** Active ones of a subscriber, oldest first. */
  async listActive(subscriber: string): Promise<VolgindicatieRow[]> {
    const today = this.today();
    return db(this.deps).selectFrom('volgindicaties').selectAll()
      .where('subscriber', '=', subscriber).where('status', '!=', 'beeindigd')
      .where((eb) => eb.or([eb('einddatum', 'is', null), eb('einddatum', '>', today)]))
      .orderBy('created_at').orderBy('id').execute();
  }

  /** Active ones on a person, any subscriber. */
  async activeOnPerson(bsnHash: string): Promise<VolgindicatieRow[]> {
    const today = this.today();
    return db(this.deps).selectFrom('volgindicaties').selectAll()
      .where('bsn_hash', '=', bsnHash).where('status', '!=', 'beeindigd')
      .where((eb) => eb.or([eb('einddatum', 'is', null), eb('einddatum', '>', today)]))
      .execute();
  }

  /**
   * Ng01: the person's PL is afgevoerd, so following it ends. Every volgindicatie on it that was not ended is
   * ended today with reden `pl-afgevoerd`, which its subscriber sees; a new PUT asks GBA-V again. Returns them.
   */
  async afgevoerd(bsnHash: string): Promise<VolgindicatieRow[]> {
    const today = this.today();
    const now = this.deps.now();
    const rows = await db(this.deps).selectFrom('volgindicaties').selectAll().where('bsn_hash', '=', bsnHash).where('status', '!=', 'beeindigd').execute();
    if (rows.length === 0) return [];
    const changes = { status: 'beeindigd', einddatum: today, reden_code: PL_AFGEVOERD.code, reden_omschrijving: PL_AFGEVOERD.omschrijving, updated_at: now };
    await db(this.deps).updateTable('volgindicaties').set(changes).where('id', 'in', rows.map((r) => r.id)).where('status', '!=', 'beeindigd').execute();
    return rows.map((r) => ({ ...r, ...changes }));
  }

  /** Marks those whose einddatum has come as ended; returns them. */
  async expire(limit = 1000): Promise<VolgindicatieRow[]> {
    const today = this.today();
    const due = await db(this.deps).selectFrom('volgindicaties').selectAll()
      .where('status', '!=', 'beeindigd').where('einddatum', '<=', today).limit(limit).execute();
    if (due.length === 0) return [];
    const now = this.deps.now();
    await db(this.deps).updateTable('volgindicaties').set({ status: 'beeindigd', updated_at: now })
      .where('id', 'in', due.map((r) => r.id)).where('status', '!=', 'beeindigd').execute();
    return due.map((r) => ({ ...r, status: 'beeindigd', updated_at: now }));
  }

  /** The BSN, unsealed: only to answer the subscriber that gave it, or to disclose it where allowed. */
  bsnOf(row: Pick<VolgindicatieRow, 'id' | 'bsn_key_id' | 'bsn_blob'>): string {
    return this.deps.store.unseal(aad(row.id), row.bsn_key_id, row.bsn_blob).toString('utf8');
  }

  view(row: VolgindicatieRow, bsn = this.bsnOf(row)): VolgindicatieView {
    return {
      burgerservicenummer: bsn,
      begindatum: row.begindatum,
      ...(row.einddatum !== null ? { einddatum: row.einddatum } : {}),
      ...(row.referentie !== null ? { referentie: row.referentie } : {}),
      status: row.status as VolgindicatieStatus,
      ...(row.reden_code !== null ? { reden: redenVoorAbonnee(row.reden_code, row.reden_omschrijving) } : {}),
    };
  }

  isActive(row: Pick<VolgindicatieRow, 'status' | 'einddatum'>): boolean {
    return isActiveOn(row, this.today());
  }
}
