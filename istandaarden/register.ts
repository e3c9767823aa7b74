import { randomUUID } from 'node:crypto';
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
}

const TABLES = ['iv_identificaties', 'iv_toewijzingen', 'iv_starts', 'iv_referenties', 'iv_declaraties'] as const;

// Level 3 (berichtoverstijgend, IV032): rules that need earlier messages. Each key is claimed with an insert
// on its primary key, so two copies of a message arriving at once cannot both pass. Rows are written for a
// message that passes level 2; when any level-3 rule fails the whole message is refused (IV032) and the
// rows it claimed are released, except its Identificatie: TR056 counts every message a sender sent.
export class Level3Register {
  constructor(private readonly store: Store) {}

  private get db(): Db {
    return this.store.tables<IstandaardenTables>() as unknown as Db;
  }

  async check(m: CanonicalMessage): Promise<Level3Result> {
    const reservation = randomUUID();
    const at = Date.now();
    const findings: RetourFinding[] = [];
    const domein = m.standaard;
    const h = m.header;

    if (!(await this.claim('iv_identificaties', { afzender: h.afzender, berichtcode: h.berichtCode, identificatie: h.berichtIdentificatie.identificatie, reservation, at }))) {
      findings.push({ rule: 'TR056', code: '9056', path: '/Bericht/Header', message: 'Identificatie is al gebruikt voor deze berichtsoort en afzender' });
    }

    switch (m.nummer) {
      case '301':
        for (const p of m.client.toegewezenProducten) {
          const bsnHash = this.store.bsnHash(m.client.bsn);
          const row = { domein, gemeente: h.afzender, toewijzing_nummer: p.toewijzingNummer, aanbieder: h.ontvanger, bsn_hash: bsnHash, reservation, at };
          if (await this.claim('iv_toewijzingen', row)) continue;
          // The same ToewijzingNummer again is a change of that toewijzing (IV028); only another client or aanbieder breaks TR332.
          const known = await this.db.selectFrom('iv_toewijzingen').select(['aanbieder', 'bsn_hash'])
            .where('domein', '=', domein).where('gemeente', '=', h.afzender).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
          if (known && (known.aanbieder !== h.ontvanger || known.bsn_hash !== bsnHash)) {
            findings.push({ rule: 'TR332', code: '9332', path: `${p.path}/ToewijzingNummer`, message: 'ToewijzingNummer is al gebruikt voor een andere toewijzing binnen het wettelijk domein' });
          }
        }
        break;
      case '305':
      case '307': {
        const products = m.nummer === '305' ? m.client.startProducten : m.client.stopProducten;
        for (const p of products) {
          if (!p.toewijzingNummer) continue;
          const known = await this.db.selectFrom('iv_toewijzingen').select('aanbieder')
            .where('domein', '=', domein).where('gemeente', '=', h.ontvanger).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
          if (!known || known.aanbieder !== h.afzender) {
            findings.push({ rule: 'TR019', code: '9019', path: `${p.path}/ToewijzingNummer`, message: 'het bericht is niet te koppelen aan een toewijzing van deze gemeente aan deze aanbieder' });
            continue;
          }
          const start = { domein, gemeente: h.ontvanger, toewijzing_nummer: p.toewijzingNummer, reservation, at };
          if (m.nummer === '305') {
            await this.claim('iv_starts', start);
          } else {
            const started = await this.db.selectFrom('iv_starts').select('toewijzing_nummer')
              .where('domein', '=', domein).where('gemeente', '=', h.ontvanger).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
            if (!started) findings.push({ rule: 'TR063', code: '9063', path: `${p.path}/ToewijzingNummer`, message: 'er is geen eerder start-zorgbericht voor deze toewijzing' });
          }
        }
        break;
      }
      case '315':
        for (const p of m.client.aangevraagdeProducten) {
          if (!(await this.claim('iv_referenties', { domein, aanbieder: h.afzender, referentie: p.referentieAanbieder, reservation, at }))) {
            findings.push({ rule: 'TR347', code: '9347', path: `${p.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
          }
        }
        break;
      case '317': {
        const v = m.client.verzoek;
        if (!(await this.claim('iv_referenties', { domein, aanbieder: h.afzender, referentie: v.referentieAanbieder, reservation, at }))) {
          findings.push({ rule: 'TR347', code: '9347', path: `${v.path}/ReferentieAanbieder`, message: 'ReferentieAanbieder is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      case '323': {
        const d = m.declaratie;
        if (!(await this.claim('iv_declaraties', { domein, aanbieder: h.afzender, declaratie_nummer: d.declaratieNummer, reservation, at }))) {
          findings.push({ rule: 'TR333', code: '9333', path: `${d.path}/DeclaratieNummer`, message: 'DeclaratieNummer is al eerder gebruikt door deze aanbieder' });
        }
        break;
      }
      default:
        break;
    }

    const release = async (keepIdentificatie: boolean): Promise<void> => {
      for (const table of TABLES) {
        if (keepIdentificatie && table === 'iv_identificaties') continue;
        await this.db.deleteFrom(table).where('reservation', '=', reservation).execute();
      }
    };
    if (findings.length > 0) await release(true);
    return { findings, release: () => release(false) };
  }

  /** Inserts the row unless its key exists; true when this call inserted it. */
  private async claim<T extends (typeof TABLES)[number]>(table: T, row: IstandaardenTables[T]): Promise<boolean> {
    const result = await this.db.insertInto(table).values(row as never).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
}
