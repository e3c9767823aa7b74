// The gateway's afnemersindicatie at GBA-V, one per watched person: Ap01 when the first volgindicatie
// becomes active, Av01 when the last one ends, and the answers (Ag01, Af01, Af11) that settle them.
// Every transition is a compare-and-set on (status, generatie), so concurrent requests and several gateway
// instances agree; the Ap01/Av01 of a generation has a dedup key with that generation, so it is sent once
// however often it is emitted. `reconcile` (a timer) repairs whatever a crash left half done.
import type { Selectable } from 'kysely';
import { buildAp01, buildAv01 } from '../adapters/brp/lo3/index.ts';
import { anummerHash, db, type SubscriptionDeps } from './context.ts';
import { amsterdamDate } from './dates.ts';
import { decide, volgindicatieStatusFor } from './afnemersindicatie-state.ts';
import type { AfnemersindicatiesTable, AfnemersindicatieStatus } from './tables.ts';

export type AfnemersindicatieRow = Selectable<AfnemersindicatiesTable>;

/** How LO3 bytes travel: opaque bytes, Teletex inside. */
export const LO3_CONTENT_TYPE = 'application/octet-stream';

const bsnAad = (bsnHash: string) => `afnemersindicatie:${bsnHash}`;
const anummerAad = (bsnHash: string) => `anummer:${bsnHash}`;

export interface Reden { code: string; omschrijving?: string }

export class Afnemersindicaties {
  constructor(private readonly deps: SubscriptionDeps) {}

  async find(bsnHash: string): Promise<AfnemersindicatieRow | undefined> {
    return db(this.deps).selectFrom('afnemersindicaties').selectAll().where('bsn_hash', '=', bsnHash).executeTakeFirst();
  }

  /** The person behind an A-nummer, by alias. */
  async personOfAnummer(anummer: string): Promise<string | undefined> {
    const row = await db(this.deps).selectFrom('anummer_aliases').select('bsn_hash')
      .where('anummer_hash', '=', anummerHash(this.deps.store, anummer)).executeTakeFirst();
    return row?.bsn_hash;
  }

  /** The row for a person about to be watched (made with status 'geen' the first time). */
  async ensure(bsnHash: string, bsn: string): Promise<void> {
    const sealed = this.deps.store.seal(bsnAad(bsnHash), Buffer.from(bsn, 'utf8'));
    await db(this.deps).insertInto('afnemersindicaties').values({
      bsn_hash: bsnHash, bsn_key_id: sealed.keyId, bsn_blob: sealed.blob, anummer_key_id: null, anummer_blob: null,
      status: 'geen', reden_code: null, reden_omschrijving: null, generatie: 0, ap01_message_id: null, av01_message_id: null,
      updated_at: this.deps.now(),
    }).onConflict((oc) => oc.column('bsn_hash').doNothing()).execute();
  }

  /**
   * Brings the person's afnemersindicatie in line with its active volgindicaties and sends what that takes.
   * `freshActivation`: a volgindicatie has just become active (asks again after a refusal). `justActivated`:
   * that volgindicatie, which keeps `aangevraagd` here even when the person's indicatie is already placed
   * (for another subscriber): what a subscriber is answered must not depend on who else watches the person.
   * `promoteWaiting` (the sync timer) shows it `geplaatst` later, the same way for everyone.
   */
  async sync(bsnHash: string, freshActivation = false, justActivated?: string): Promise<AfnemersindicatieRow | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const person = await this.find(bsnHash);
      if (person === undefined) return undefined;
      const active = await this.countActive(bsnHash);
      const decision = decide({ status: person.status as AfnemersindicatieStatus, redenCode: person.reden_code, anummerKnown: person.anummer_blob !== null }, active, freshActivation);
      let current = person;
      if (decision !== undefined) {
        const next = await this.transition(person, decision.status, decision.newPlacement === true);
        if (next === undefined) continue; // changed meanwhile: decide again on what is there now
        current = next;
      }
      await this.mirrorOnVolgindicaties(current, justActivated);
      return this.flush(current);
    }
    this.deps.logger.warn({ subject: 'afnemersindicatie' }, 'afnemersindicatie kept changing under sync; the reconciler will finish it');
    return undefined;
  }

  /** Ag01: the indicatie is placed; the A-nummer it brings becomes an alias of the person. */
  async placed(bsnHash: string, anummer: string | undefined): Promise<void> {
    if (anummer !== undefined) await this.rememberAnummer(bsnHash, anummer, 'Ag01');
    const person = await this.find(bsnHash);
    if (person?.status === 'plaatsen') await this.transition(person, 'geplaatst', false);
    await this.sync(bsnHash);
  }

  /** Af01: GBA-V refused to place it. */
  async refused(bsnHash: string, reden: Reden): Promise<void> {
    const person = await this.find(bsnHash);
    if (person === undefined) return;
    if (person.status === 'plaatsen' || person.status === 'verwijderen') {
      await this.transition(person, 'geweigerd', false, reden);
    }
    await this.sync(bsnHash);
  }

  /** Af11: GBA-V refused to remove it. */
  async removalRefused(bsnHash: string, reden: Reden): Promise<void> {
    const person = await this.find(bsnHash);
    if (person?.status === 'verwijderd') await this.transition(person, 'verwijderen-geweigerd', false, reden);
    await this.sync(bsnHash);
  }

  /** Ng01: the PL is gone, and with it the indicatie; nothing to remove later. */
  async afgevoerd(bsnHash: string): Promise<void> {
    const person = await this.find(bsnHash);
    if (person !== undefined && person.status !== 'afgevoerd') await this.transition(person, 'afgevoerd', false);
  }

  /** Keeps the (new) A-nummer of a person: sealed for a later Av01, hashed as an alias for matching. */
  async rememberAnummer(bsnHash: string, anummer: string, bron: string): Promise<void> {
    const hash = anummerHash(this.deps.store, anummer);
    const now = this.deps.now();
    await db(this.deps).insertInto('anummer_aliases').values({ anummer_hash: hash, bsn_hash: bsnHash, bron, created_at: now })
      .onConflict((oc) => oc.column('anummer_hash').doUpdateSet({ bsn_hash: bsnHash, bron, created_at: now })).execute();
    const sealed = this.deps.store.seal(anummerAad(bsnHash), Buffer.from(anummer, 'utf8'));
    await db(this.deps).updateTable('afnemersindicaties').set({ anummer_key_id: sealed.keyId, anummer_blob: sealed.blob, updated_at: now })
      .where('bsn_hash', '=', bsnHash).execute();
    this.deps.index.alias(hash, bsnHash);
  }

  /** Persons whose indicatie is out of line with their volgindicaties, or whose Ap01/Av01 was never emitted. */
  async reconcile(limit = 500): Promise<number> {
    const today = amsterdamDate(this.deps.now());
    const rows = await db(this.deps).selectFrom('afnemersindicaties as p').select('p.bsn_hash')
      .where((eb) => {
        const active = eb.exists(eb.selectFrom('volgindicaties as v').select('v.id')
          .whereRef('v.bsn_hash', '=', 'p.bsn_hash').where('v.status', '!=', 'beeindigd')
          .where((e) => e.or([e('v.einddatum', 'is', null), e('v.einddatum', '>', today)])));
        return eb.or([
          eb.and([eb('p.status', 'in', ['plaatsen', 'geplaatst']), eb.not(active)]),
          eb.and([eb('p.status', 'in', ['geen', 'verwijderd', 'verwijderen']), active]),
          eb.and([eb('p.status', '=', 'plaatsen'), eb('p.ap01_message_id', 'is', null)]),
          eb.and([eb('p.status', '=', 'verwijderd'), eb('p.av01_message_id', 'is', null)]),
        ]);
      })
      .limit(limit).execute();
    for (const r of rows) await this.sync(r.bsn_hash);
    return rows.length;
  }

  private async countActive(bsnHash: string): Promise<number> {
    const today = amsterdamDate(this.deps.now());
    const row = await db(this.deps).selectFrom('volgindicaties').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('bsn_hash', '=', bsnHash).where('status', '!=', 'beeindigd')
      .where((eb) => eb.or([eb('einddatum', 'is', null), eb('einddatum', '>', today)]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Compare-and-set on (status, generatie); undefined when someone else moved the row first. */
  private async transition(person: AfnemersindicatieRow, status: AfnemersindicatieStatus, newPlacement: boolean, reden?: Reden): Promise<AfnemersindicatieRow | undefined> {
    const changes: Partial<AfnemersindicatieRow> = {
      status,
      generatie: newPlacement ? person.generatie + 1 : person.generatie,
      reden_code: reden?.code ?? null,
      reden_omschrijving: reden?.omschrijving ?? null,
      updated_at: this.deps.now(),
      ...(newPlacement ? { ap01_message_id: null } : {}),
      ...(status === 'verwijderd' && person.status !== 'verwijderd' ? { av01_message_id: null } : {}),
    };
    const result = await db(this.deps).updateTable('afnemersindicaties').set(changes)
      .where('bsn_hash', '=', person.bsn_hash).where('status', '=', person.status).where('generatie', '=', person.generatie)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? { ...person, ...changes } : undefined;
  }

  /** The active volgindicaties on the person show where its indicatie stands (aangevraagd, geplaatst, geweigerd + reden). */
  private async mirrorOnVolgindicaties(person: AfnemersindicatieRow, justActivated?: string): Promise<void> {
    const status = volgindicatieStatusFor(person.status as AfnemersindicatieStatus);
    if (status === undefined) return;
    const geweigerd = status === 'geweigerd';
    let q = db(this.deps).updateTable('volgindicaties')
      .set({ status, reden_code: geweigerd ? person.reden_code : null, reden_omschrijving: geweigerd ? person.reden_omschrijving : null, updated_at: this.deps.now() })
      .where('bsn_hash', '=', person.bsn_hash).where('status', 'in', ['aangevraagd', 'geplaatst', 'geweigerd']).where('status', '!=', status);
    if (justActivated !== undefined && status === 'geplaatst') q = q.where('id', '!=', justActivated);
    await q.execute();
  }

  /**
   * Volgindicaties still `aangevraagd` on a person whose indicatie is placed (put while another subscriber's
   * was already in place): shown `geplaatst` now, at the sync timer, not at once on the PUT.
   */
  async promoteWaiting(limit = 1000): Promise<number> {
    const rows = await db(this.deps).selectFrom('volgindicaties as v').innerJoin('afnemersindicaties as p', 'p.bsn_hash', 'v.bsn_hash')
      .select('v.id').where('v.status', '=', 'aangevraagd').where('p.status', '=', 'geplaatst').limit(limit).execute();
    if (rows.length === 0) return 0;
    await db(this.deps).updateTable('volgindicaties').set({ status: 'geplaatst', reden_code: null, reden_omschrijving: null, updated_at: this.deps.now() })
      .where('id', 'in', rows.map((r) => r.id)).where('status', '=', 'aangevraagd').execute();
    return rows.length;
  }

  /** Emits the Ap01 or Av01 the state asks for, if not emitted yet. */
  private async flush(person: AfnemersindicatieRow): Promise<AfnemersindicatieRow> {
    const { gbav, ingest, store } = this.deps;
    if (gbav === undefined) return person;
    if (person.status === 'plaatsen' && person.ap01_message_id === null) {
      const bsn = store.unseal(bsnAad(person.bsn_hash), person.bsn_key_id, person.bsn_blob).toString('utf8');
      const payload = buildAp01({ berichtType: 'Ap01', herhaling: '0', plData: { c01: [{ e0120: bsn }] } });
      const { meta } = await ingest.emit({
        family: 'brp', type: 'Ap01', payload, contentType: LO3_CONTENT_TYPE, destinations: [gbav],
        dedupKey: `ap01:${person.bsn_hash}:${person.generatie}`, bsns: [bsn],
      });
      await this.recordEmitted(person, 'ap01_message_id', meta.id);
      return { ...person, ap01_message_id: meta.id };
    }
    if (person.status === 'verwijderd' && person.av01_message_id === null && person.anummer_blob !== null && person.anummer_key_id !== null) {
      const anummer = store.unseal(anummerAad(person.bsn_hash), person.anummer_key_id, person.anummer_blob).toString('utf8');
      const bsn = store.unseal(bsnAad(person.bsn_hash), person.bsn_key_id, person.bsn_blob).toString('utf8');
      const payload = buildAv01({ berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: anummer }] } });
      const { meta } = await ingest.emit({
        family: 'brp', type: 'Av01', payload, contentType: LO3_CONTENT_TYPE, destinations: [gbav],
        dedupKey: `av01:${person.bsn_hash}:${person.generatie}`, bsns: [bsn],
      });
      await this.recordEmitted(person, 'av01_message_id', meta.id);
      return { ...person, av01_message_id: meta.id };
    }
    return person;
  }

  private async recordEmitted(person: AfnemersindicatieRow, column: 'ap01_message_id' | 'av01_message_id', id: string): Promise<void> {
    await db(this.deps).updateTable('afnemersindicaties').set({ [column]: id, updated_at: this.deps.now() })
      .where('bsn_hash', '=', person.bsn_hash).where('generatie', '=', person.generatie).execute();
  }
}
