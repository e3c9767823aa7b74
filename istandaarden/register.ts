import type { Kysely } from 'kysely';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import type { RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import type { Store } from '../store/index.ts';
import type { IstandaardenTables } from './migrations.ts';

type Db = Kysely<IstandaardenTables>;

/** What the level-3 checks found, and how to take back what they registered if the message is not kept. */
export interface Level3Result {
  findings: RetourFinding[];
  /** Removes every row this check wrote (the ingest failed after the checks, or the message was refused). */
  release(): Promise<void>;
  /** The message is stored (or given up): its claims are no longer in flight. */
  settled?(): void;
}

const TABLES = ['iv_identificaties', 'iv_toewijzingen', 'iv_starts', 'iv_referenties', 'iv_declaraties'] as const;
type Table = (typeof TABLES)[number];
const KEYS: Record<Table, readonly string[]> = {
  iv_identificaties: ['afzender', 'berichtcode', 'identificatie'],
  iv_toewijzingen: ['domein', 'gemeente', 'toewijzing_nummer'],
  iv_starts: ['domein', 'gemeente', 'toewijzing_nummer'],
  iv_referenties: ['domein', 'aanbieder', 'referentie'],
  iv_declaraties: ['domein', 'aanbieder', 'declaratie_nummer'],
};
/** A claim kept for a refused message: it is never an orphan. */
const REFUSED = 'refused:';

/** Who claimed a key: the sender and the dedup key its message is (or was to be) stored under. */
export function reservationOf(senderPartner: string, dedupKey: string): string {
  return JSON.stringify([senderPartner, dedupKey]);
}

// Level 3 (berichtoverstijgend, IV032): rules that need earlier messages. Each key is claimed with an insert
// on its primary key, so two copies of a message arriving at once cannot both pass. Rows are written for a
// message that passes level 2; when any level-3 rule fails the whole message is refused (IV032) and the
// rows it claimed are released, except its Identificatie: TR056 counts every message a sender sent.
export class Level3Register {
  /** Reservations of ingests in this process that passed the checks and are storing their message. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly store: Store) {}

  /**
   * `reservation` (reservationOf) names the message the claims are for. A key claimed by an ingest that never
   * stored its message (the process died in between) is an orphan: the next message takes it over, so a
   * sender's retry after a crash is not refused for its own Identificatie.
   */
  async check(m: CanonicalMessage, reservation: string): Promise<Level3Result> {
    this.inFlight.add(reservation);
    // One group-committed transaction with the other ingests of the moment: the claims cost no fsync of their own.
    const findings = await this.store.writeBatched<IstandaardenTables, RetourFinding[]>((trx) => this.checkIn(trx as unknown as Db, m, reservation));
    const release = async (): Promise<void> => {
      this.inFlight.delete(reservation);
      await this.store.writeBatched<IstandaardenTables, void>(async (trx) => {
        for (const table of TABLES) await (trx as unknown as Db).deleteFrom(table).where('reservation', '=', reservation).execute();
      });
    };
    if (findings.length > 0) this.inFlight.delete(reservation);
    return { findings, release, settled: () => { this.inFlight.delete(reservation); } };
  }

  private async checkIn(db: Db, m: CanonicalMessage, reservation: string): Promise<RetourFinding[]> {
    const at = Date.now();
    const findings: RetourFinding[] = [];
    const domein = m.standaard;
    const h = m.header;

    if (!(await this.claim(db, 'iv_identificaties', { afzender: h.afzender, berichtcode: h.berichtCode, identificatie: h.berichtIdentificatie.identificatie, reservation, at }))) {
      findings.push({ rule: 'TR056', code: '9056', path: '/Bericht/Header', message: 'Identificatie is al gebruikt voor deze berichtsoort en afzender' });
    }

    switch (m.nummer) {
      case '301':
        for (const p of m.client.toegewezenProducten) {
          const bsnHash = this.store.bsnHash(m.client.bsn);
          // The same ToewijzingNummer again is a change of that toewijzing (IV028): read first, the common case.
          const known = await db.selectFrom('iv_toewijzingen').select(['aanbieder', 'bsn_hash'])
            .where('domein', '=', domein).where('gemeente', '=', h.afzender).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
          const sameToewijzing = (k: { aanbieder: string; bsn_hash: string }) => k.aanbieder === h.ontvanger && k.bsn_hash === bsnHash;
          if (known && sameToewijzing(known)) continue;
          const row = { domein, gemeente: h.afzender, toewijzing_nummer: p.toewijzingNummer, aanbieder: h.ontvanger, bsn_hash: bsnHash, reservation, at };
          if (!known && (await this.claim(db, 'iv_toewijzingen', row))) continue;
          // Claimed a moment ago by another message: the same toewijzing again is still a change.
          const holder = known ?? (await db.selectFrom('iv_toewijzingen').select(['aanbieder', 'bsn_hash'])
            .where('domein', '=', domein).where('gemeente', '=', h.afzender).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst());
          if (holder && sameToewijzing(holder)) continue;
          // Only another client or aanbieder under the same number breaks TR332.
          findings.push({ rule: 'TR332', code: '9332', path: `${p.path}/ToewijzingNummer`, message: 'ToewijzingNummer is al gebruikt voor een andere toewijzing binnen het wettelijk domein' });
        }
        break;
      case '305':
      case '307': {
        const products = m.nummer === '305' ? m.client.startProducten : m.client.stopProducten;
        for (const p of products) {
          if (!p.toewijzingNummer) continue;
          const known = await db.selectFrom('iv_toewijzingen').select('aanbieder')
            .where('domein', '=', domein).where('gemeente', '=', h.ontvanger).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
          if (!known || known.aanbieder !== h.afzender) {
            findings.push({ rule: 'TR019', code: '9019', path: `${p.path}/ToewijzingNummer`, message: 'het bericht is niet te koppelen aan een toewijzing van deze gemeente aan deze aanbieder' });
            continue;
          }
          const start = { domein, gemeente: h.ontvanger, toewijzing_nummer: p.toewijzingNummer, reservation, at };
          if (m.nummer === '305') {
            await this.claim(db, 'iv_starts', start);
          } else {
            const started = await db.selectFrom('iv_starts').select('toewijzing_nummer')
              .where('domein', '=', domein).where('gemeente', '=', h.ontvanger).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
            if (!started) findings.push({ rule: 'TR063', code: '9063', path: `${p.path}/ToewijzingNummer`, message: 'er is geen eerder start-zorgbericht voor deze toewijzing' });
          }
        }
        break;
      }
      case '315':
        for (const p of m.client.aangevraagdeProducten) {
          if (!(await this.claim(db, 'iv_referenties', { domein, aanbieder: h.afzender, referentie: p.referentieAanbieder, reservation, at }))) {
            findings.push({ rule: 'TR347', code: '9347', path: `${p.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
          }
        }
        break;
      case '317': {
        const v = m.client.verzoek;
        if (!(await this.claim(db, 'iv_referenties', { domein, aanbieder: h.afzender, referentie: v.referentieAanbieder, reservation, at }))) {
          findings.push({ rule: 'TR347', code: '9347', path: `${v.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      case '323': {
        const d = m.declaratie;
        if (!(await this.claim(db, 'iv_declaraties', { domein, aanbieder: h.afzender, declaratie_nummer: d.declaratieNummer, reservation, at }))) {
          findings.push({ rule: 'TR333', code: '9333', path: `${d.path}/DeclaratieNummer`, message: 'DeclaratieNummer is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      default:
        break;
    }

    if (findings.length > 0) {
      // IV032: any level-3 failure refuses the whole message, so what it claimed is released — except its
      // Identificatie: TR056 counts every message a sender sent, refused ones too (kept, marked as such).
      for (const table of TABLES) {
        if (table === 'iv_identificaties') {
          await db.updateTable(table).set({ reservation: `${REFUSED}${reservation}` }).where('reservation', '=', reservation).execute();
        } else {
          await db.deleteFrom(table).where('reservation', '=', reservation).execute();
        }
      }
    }
    return findings;
  }

  /** Claims the row's key; true when this message now holds it (inserted, or taken over from an orphan). */
  private async claim<T extends Table>(db: Db, table: T, row: IstandaardenTables[T]): Promise<boolean> {
    const result = await db.insertInto(table).values(row as never).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
    // The key columns differ per table, so these two statements are built untyped.
    const values = row as unknown as Record<string, string>;
    const untyped = db as unknown as Kysely<any>;
    const name: string = table;
    let select = untyped.selectFrom(name).select('reservation');
    let update = untyped.updateTable(name).set({ reservation: row.reservation, at: row.at });
    for (const k of KEYS[table]) {
      select = select.where(k, '=', values[k]);
      update = update.where(k, '=', values[k]);
    }
    const held = (await select.executeTakeFirst()) as { reservation: string } | undefined;
    if (held === undefined) return this.claim(db, table, row); // released meanwhile
    if (held.reservation.startsWith(REFUSED)) return false;
    const [sender, dedupKey] = JSON.parse(held.reservation) as [string, string];
    const stored = async () => (await untyped.selectFrom('dedup_keys').select('message_id').where('sender_partner', '=', sender).where('dedup_key', '=', dedupKey).executeTakeFirst()) !== undefined;
    // Its own claim (same sender and dedup key) with no message stored: left by an earlier try of this very
    // message whose store write failed and whose undo failed with it (the store was down). The retry takes it
    // back. (Its own claim with the message stored is a second message with the same bytes: TR056.)
    if (held.reservation === row.reservation) return !(await stored());
    if (this.inFlight.has(held.reservation)) return false;
    if (await stored()) return false;
    const taken = await update.where('reservation', '=', held.reservation).executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  }
}
