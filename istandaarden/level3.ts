import type { Kysely } from 'kysely';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import type { StartProduct, StopProduct } from '../adapters/iwmo-ijw/model/messages.ts';
import type { RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import { dialectOf, fixedTexts, hotSql, rowsSourceParams, rowsSourceSql, runHot } from '../store/index.ts';
import type { IstandaardenTables } from './migrations.ts';

type Db = Kysely<IstandaardenTables>;
type Table = 'iv_identificaties' | 'iv_toewijzingen' | 'iv_leveringen' | 'iv_referenties' | 'iv_declaraties';
type LeveringKey = Omit<IstandaardenTables['iv_leveringen'], 'reservation' | 'at'>;
interface Who { domein: string; gemeente: string; aanbieder: string; bsnHash: string }

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
    const findings: RetourFinding[] = [];
    if (!(await this.registerIdentificatie(db, m, message))) {
      findings.push({ rule: 'TR056', code: '9056', path: '/Bericht/Header', message: 'Identificatie is al gebruikt voor deze berichtsoort en afzender' });
    }
    findings.push(...(await this.claimKeys(db, m, message)));
    return findings;
  }

  /**
   * The claims of many messages of one batch in one statement per kind: every Identificatie (TR056), every
   * ToewijzingNummer of the 301s (TR332); the rarer kinds (305, 307, 315, 317, 323) per message. False as soon
   * as one claim is held by another message (or by two messages of the batch): the caller then rolls back and
   * judges each message alone with `claim`, which names the finding.
   */
  async claimAll(db: Db, entries: readonly { model: CanonicalMessage; message: string }[]): Promise<boolean> {
    const dialect = dialectOf(db);
    const at = Date.now();
    const identificaties = entries.map(({ model: { header: h }, message }) => [h.afzender, h.berichtCode, h.berichtIdentificatie.identificatie, message, at]);
    const registered = await runHot(db, hot(dialect).identificaties, rowsSourceParams(dialect, IDENTIFICATIE_TYPES.length, identificaties));
    if (registered.length !== identificaties.length) return false;
    const toewijzingen = new Map<string, IstandaardenTables['iv_toewijzingen']>();
    for (const { model: m, message } of entries) {
      if (m.nummer !== '301') continue;
      for (const row of this.toewijzingRows(m, message, at)) {
        const key = JSON.stringify([row.domein, row.gemeente, row.toewijzing_nummer]);
        const earlier = toewijzingen.get(key);
        // The same number for the same client at the same aanbieder is a change of that toewijzing: one row.
        if (earlier === undefined) toewijzingen.set(key, row);
        else if (earlier.aanbieder !== row.aanbieder || earlier.bsn_hash !== row.bsn_hash) return false;
      }
    }
    if (toewijzingen.size > 0 && (await claimToewijzingen(db, [...toewijzingen.values()])) !== toewijzingen.size) return false;
    for (const { model: m, message } of entries) {
      if (m.nummer !== '301' && (await this.claimKeys(db, m, message, at)).length > 0) return false;
    }
    return true;
  }

  private toewijzingRows(m: Extract<CanonicalMessage, { nummer: '301' }>, message: string, at: number): IstandaardenTables['iv_toewijzingen'][] {
    const bsnHash = this.bsnHash(m.client.bsn);
    return m.client.toegewezenProducten.map((p) => ({
      domein: m.standaard, gemeente: m.header.afzender, toewijzing_nummer: p.toewijzingNummer, aanbieder: m.header.ontvanger, bsn_hash: bsnHash, reservation: message, at,
    }));
  }

  /** The claims a message's kind makes besides its Identificatie. */
  private async claimKeys(db: Db, m: CanonicalMessage, message: string, at = Date.now()): Promise<RetourFinding[]> {
    const findings: RetourFinding[] = [];
    const domein = m.standaard;
    const h = m.header;
    switch (m.nummer) {
      case '301': {
        const rows = this.toewijzingRows(m, message, at);
        for (const [i, p] of m.client.toegewezenProducten.entries()) {
          if ((await claimToewijzingen(db, [rows[i]!])) > 0) continue;
          findings.push({ rule: 'TR332', code: '9332', path: `${p.path}/ToewijzingNummer`, message: 'ToewijzingNummer is al gebruikt voor een andere toewijzing binnen het wettelijk domein' });
        }
        break;
      }
      case '305':
        findings.push(...(await this.leveringen(db, m.client.startProducten, 'start', { domein, gemeente: h.ontvanger, aanbieder: h.afzender, bsnHash: this.bsnHash(m.client.bsn) }, message, at)));
        break;
      case '307':
        findings.push(...(await this.leveringen(db, m.client.stopProducten, 'stop', { domein, gemeente: h.ontvanger, aanbieder: h.afzender, bsnHash: this.bsnHash(m.client.bsn) }, message, at)));
        break;
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
   * The start (305) or stop (307) deliveries of one client, by their logical key (IV008: Bsn, ToewijzingNummer,
   * Product, Begindatum; a stop also RedenBeeindiging). StatusAanlevering 3 deletes an earlier delivery with that
   * key (OP033: it counts as never sent): TR063 when there is none, TR071 when the start already has a stop; it
   * is never registered as a delivery, and no other check runs on it (TR063's toelichting). The deletions run
   * first, so a message may delete a class and deliver its replacement (IV008). StatusAanlevering 1 is checked
   * against the corrected state: TR019 (the toewijzing is this aanbieder's), TR074 (the key is not held by an
   * earlier delivery), and for a stop TR069 (a current start with the same key).
   */
  private async leveringen(db: Db, products: readonly (StartProduct | StopProduct)[], soort: 'start' | 'stop', who: Who, message: string, at: number): Promise<RetourFinding[]> {
    const findings: RetourFinding[] = [];
    const ordered = [...products.filter((p) => p.statusAanlevering === '3'), ...products.filter((p) => p.statusAanlevering !== '3')];
    for (const p of ordered) {
      const key = leveringKey(who, soort, p);
      if (p.statusAanlevering === '3') {
        if (soort === 'start' && (await selectLevering(db, { ...key, soort: 'stop' }, false))) {
          findings.push({ rule: 'TR071', code: '9071', path: `${p.path}/StatusAanlevering`, message: 'het eerdere startbericht kan niet verwijderd worden omdat de zorg al beeindigd is' });
          continue;
        }
        const deleted = await deleteLevering(db, key);
        if (!deleted) findings.push({ rule: 'TR063', code: '9063', path: `${p.path}/StatusAanlevering`, message: `er is geen eerdere aanlevering met dezelfde sleutel om te verwijderen` });
        continue;
      }
      if (p.toewijzingNummer) {
        const known = await db.selectFrom('iv_toewijzingen').select('aanbieder')
          .where('domein', '=', who.domein).where('gemeente', '=', who.gemeente).where('toewijzing_nummer', '=', p.toewijzingNummer).executeTakeFirst();
        if (!known || known.aanbieder !== who.aanbieder) {
          findings.push({ rule: 'TR019', code: '9019', path: `${p.path}/ToewijzingNummer`, message: 'het bericht is niet te koppelen aan een toewijzing van deze gemeente aan deze aanbieder' });
          continue;
        }
      }
      if (soort === 'stop' && !(await selectLevering(db, { ...key, soort: 'start', reden: '' }, true))) {
        findings.push({ rule: 'TR069', code: '9069', path: `${p.path}/Begindatum`, message: 'er is geen actueel startbericht met dezelfde sleutel' });
        continue;
      }
      if (!(await insertKey(db, 'iv_leveringen', { ...key, reservation: message, at }))) {
        findings.push({ rule: 'TR074', code: '9074', path: `${p.path}/StatusAanlevering`, message: 'er is al een eerdere aanlevering met dezelfde sleutel ontvangen' });
      }
    }
    return findings;
  }

  /**
   * TR056 counts every message a sender sent, refused ones too: a message refused at level 3 keeps its
   * Identificatie (written with its kept copy). False when another message holds it.
   */
  async registerIdentificatie(db: Db, m: CanonicalMessage, message: string): Promise<boolean> {
    const h = m.header;
    const dialect = dialectOf(db);
    const row = [h.afzender, h.berichtCode, h.berichtIdentificatie.identificatie, message, Date.now()];
    return (await runHot(db, hot(dialect).identificaties, rowsSourceParams(dialect, IDENTIFICATIE_TYPES.length, [row]))).length > 0;
  }
}

/** True when the key was free and this message now holds it. */
async function insertKey<T extends Table>(db: Db, table: T, row: IstandaardenTables[T]): Promise<boolean> {
  const result = await db.insertInto(table).values(row as never).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

const IDENTIFICATIE_TYPES = ['text', 'text', 'text', 'text', 'bigint'] as const;
const TOEWIJZING_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'bigint'] as const;

// The claims every WMO301/JW301 makes, as fixed texts (store/sql.ts) for one row (a message alone) or a batch's
// rows (claimAll); RETURNING names the rows the statement claimed.
const hot = fixedTexts((dialect) => ({
  identificaties: hotSql(dialect, `insert into iv_identificaties (afzender, berichtcode, identificatie, reservation, at)
    ${rowsSourceSql(dialect, IDENTIFICATIE_TYPES)} on conflict do nothing returning identificatie`),
  // A ToewijzingNummer claimed, or found held for the same client at the same aanbieder: the same number again is
  // a change of that toewijzing (IV028); only another client or aanbieder under the number breaks TR332. One
  // statement either way: the conflict's no-op update happens only when the holder is the same.
  toewijzingen: hotSql(dialect, `insert into iv_toewijzingen (domein, gemeente, toewijzing_nummer, aanbieder, bsn_hash, reservation, at)
    ${rowsSourceSql(dialect, TOEWIJZING_TYPES)}
    on conflict (domein, gemeente, toewijzing_nummer) do update set at = iv_toewijzingen.at
    where iv_toewijzingen.aanbieder = excluded.aanbieder and iv_toewijzingen.bsn_hash = excluded.bsn_hash returning toewijzing_nummer`),
}));

const toewijzingValues = (r: IstandaardenTables['iv_toewijzingen']): unknown[] => [r.domein, r.gemeente, r.toewijzing_nummer, r.aanbieder, r.bsn_hash, r.reservation, r.at];

/** How many of `rows` the toewijzingen statement claimed. */
async function claimToewijzingen(db: Db, rows: readonly IstandaardenTables['iv_toewijzingen'][]): Promise<number> {
  const dialect = dialectOf(db);
  return (await runHot(db, hot(dialect).toewijzingen, rowsSourceParams(dialect, TOEWIJZING_TYPES.length, rows.map(toewijzingValues)))).length;
}

function leveringKey(who: Who, soort: 'start' | 'stop', p: StartProduct | StopProduct): LeveringKey {
  return {
    domein: who.domein, gemeente: who.gemeente, aanbieder: who.aanbieder, soort, bsn_hash: who.bsnHash,
    toewijzing_nummer: p.toewijzingNummer ?? '',
    product: p.product ? `${p.product.categorie}|${p.product.code ?? ''}` : '',
    begindatum: p.begindatum,
    reden: soort === 'stop' ? (p as StopProduct).redenBeeindiging : '',
  };
}

/** Whether a delivery with this key is registered; `withReden` false matches a stop of any RedenBeeindiging. */
async function selectLevering(db: Db, key: LeveringKey, withReden: boolean): Promise<boolean> {
  let q = db.selectFrom('iv_leveringen').select('soort')
    .where('domein', '=', key.domein).where('gemeente', '=', key.gemeente).where('aanbieder', '=', key.aanbieder)
    .where('soort', '=', key.soort).where('bsn_hash', '=', key.bsn_hash).where('toewijzing_nummer', '=', key.toewijzing_nummer)
    .where('product', '=', key.product).where('begindatum', '=', key.begindatum);
  if (withReden) q = q.where('reden', '=', key.reden);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Deletes the delivery with exactly this key; true when there was one. */
async function deleteLevering(db: Db, key: LeveringKey): Promise<boolean> {
  const result = await db.deleteFrom('iv_leveringen')
    .where('domein', '=', key.domein).where('gemeente', '=', key.gemeente).where('aanbieder', '=', key.aanbieder)
    .where('soort', '=', key.soort).where('bsn_hash', '=', key.bsn_hash).where('toewijzing_nummer', '=', key.toewijzing_nummer)
    .where('product', '=', key.product).where('begindatum', '=', key.begindatum).where('reden', '=', key.reden)
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0n) > 0;
}
