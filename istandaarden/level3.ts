import type { Kysely } from 'kysely';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import type { RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import type { IstandaardenTables } from './migrations.ts';

type Db = Kysely<IstandaardenTables>;
type Table = 'iv_identificaties' | 'iv_toewijzingen' | 'iv_starts' | 'iv_referenties' | 'iv_declaraties';

// Level 3 (berichtoverstijgend, IV032): rules that need earlier messages. They run in the message's own
// group-commit transaction (Inspection.persist), so a claim exists exactly when its message does: a crash
// between the checks and the store leaves nothing behind, and a retry is judged afresh. Each key is claimed by
// an insert on its primary key; a key another message holds (committed, or earlier in the same batch, or in a
// concurrent transaction of another process, which PostgreSQL makes this one wait for) is the rule's finding.
// `message` (the reservation column) names the message that registered the row.
export class Level3Claims {
  constructor(private readonly bsnHash: (bsn: string) => string) {}

  /** Claims the message's keys in `db` (a transaction); returns the findings. On findings the caller rolls back. */
  async claim(db: Db, m: CanonicalMessage, message: string): Promise<RetourFinding[]> {
    const at = Date.now();
    const findings: RetourFinding[] = [];
    const domein = m.standaard;
    const h = m.header;

    if (!(await this.registerIdentificatie(db, m, message))) {
      findings.push({ rule: 'TR056', code: '9056', path: '/Bericht/Header', message: 'Identificatie is al gebruikt voor deze berichtsoort en afzender' });
    }

    switch (m.nummer) {
      case '301':
        for (const p of m.client.toegewezenProducten) {
          const bsnHash = this.bsnHash(m.client.bsn);
          const row = { domein, gemeente: h.afzender, toewijzing_nummer: p.toewijzingNummer, aanbieder: h.ontvanger, bsn_hash: bsnHash, reservation: message, at };
          if (await insertKey(db, 'iv_toewijzingen', row)) continue;
          // The same ToewijzingNummer again is a change of that toewijzing (IV028); only another client or
          // aanbieder under the same number breaks TR332.
          const holder = await db.selectFrom('iv_toewijzingen').select(['aanbieder', 'bsn_hash'])
            .where('domein', '=', domein).where('gemeente', '=', h.afzender).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
          if (holder && holder.aanbieder === h.ontvanger && holder.bsn_hash === bsnHash) continue;
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
          const start = { domein, gemeente: h.ontvanger, toewijzing_nummer: p.toewijzingNummer, reservation: message, at };
          if (m.nummer === '305') {
            await insertKey(db, 'iv_starts', start);
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
          if (!(await insertKey(db, 'iv_referenties', { domein, aanbieder: h.afzender, referentie: p.referentieAanbieder, reservation: message, at }))) {
            findings.push({ rule: 'TR347', code: '9347', path: `${p.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
          }
        }
        break;
      case '317': {
        const v = m.client.verzoek;
        if (!(await insertKey(db, 'iv_referenties', { domein, aanbieder: h.afzender, referentie: v.referentieAanbieder, reservation: message, at }))) {
          findings.push({ rule: 'TR347', code: '9347', path: `${v.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      case '323': {
        const d = m.declaratie;
        if (!(await insertKey(db, 'iv_declaraties', { domein, aanbieder: h.afzender, declaratie_nummer: d.declaratieNummer, reservation: message, at }))) {
          findings.push({ rule: 'TR333', code: '9333', path: `${d.path}/DeclaratieNummer`, message: 'DeclaratieNummer is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      default:
        break;
    }
    return findings;
  }

  /**
   * TR056 counts every message a sender sent, refused ones too: a message refused at level 3 keeps its
   * Identificatie (written with its kept copy). False when another message holds it.
   */
  registerIdentificatie(db: Db, m: CanonicalMessage, message: string): Promise<boolean> {
    const h = m.header;
    return insertKey(db, 'iv_identificaties', { afzender: h.afzender, berichtcode: h.berichtCode, identificatie: h.berichtIdentificatie.identificatie, reservation: message, at: Date.now() });
  }
}

/** True when the key was free and this message now holds it. */
async function insertKey<T extends Table>(db: Db, table: T, row: IstandaardenTables[T]): Promise<boolean> {
  const result = await db.insertInto(table).values(row as never).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
