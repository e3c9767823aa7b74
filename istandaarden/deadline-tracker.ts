import type { Kysely } from 'kysely';
import type { CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { expectedAnswers, workingDayDeadline } from '../deadlines/index.ts';
import { dialectOf, fixedTexts, hotSql, namedRowsSource, rowsSourceParams, rowsSourceSql, runHot, runHotCount, type Dialect, type Store } from '../store/index.ts';
import type { IstandaardenTables } from './migrations.ts';

type Db = Kysely<IstandaardenTables>;

const SETTLE_COLUMNS = ['answered_at', 'answer_id', 'pattern', 'afzender', 'referentie'] as const;
const SETTLE_TYPES = ['bigint', 'text', 'text', 'text', 'text'] as const;
const WACHTEND_TYPES = ['text', 'text', 'text', 'text', 'text', 'bigint', 'bigint', 'bigint'] as const;
const REFERENTIE_TYPES = ['text', 'text', 'text', 'text'] as const;

// The statements a heen message and its answer run, as fixed texts (store/sql.ts): not built by Kysely per message.
// `+answered_at`: SQLite, without statistics, would otherwise search every open row by the iv_wachtend_open index
// instead of the few rows the key names (the unary plus is a no-op on PostgreSQL's bigint).
const hot = fixedTexts((dialect) => ({
  wachtend: hotSql(dialect, `insert into iv_wachtend (message_id, antwoord_types, type, afzender, identificatie, received_at, due_at, answered_at)
    ${rowsSourceSql(dialect, WACHTEND_TYPES)} on conflict do nothing`),
  referenties: hotSql(dialect, `insert into iv_wachtend_referenties (afzender, referentie, message_id, antwoord_types)
    ${rowsSourceSql(dialect, REFERENTIE_TYPES)} on conflict do nothing`),
  settleRetour: hotSql(dialect, `update iv_wachtend set answered_at = ?, answer_id = ?
    where +answered_at is null and antwoord_types like ? and afzender = ? and identificatie = ?`),
  // 301s and 319s: each waiting row is found through the referentie it is answered on.
  settleOnReferentie: hotSql(dialect, `update iv_wachtend set answered_at = src.answered_at, answer_id = src.answer_id
    from ${namedRowsSource(dialect, SETTLE_COLUMNS, SETTLE_TYPES)}
      join iv_wachtend_referenties r on r.afzender = src.afzender and r.referentie = src.referentie
    where iv_wachtend.message_id = r.message_id and +iv_wachtend.answered_at is null and iv_wachtend.antwoord_types like src.pattern`),
}));

/** The iv_wachtend rows of a heen message (one per group of answers it waits for), each with its referentie rows. */
function waitingRows(messageId: string, m: CanonicalMessage, receivedAt: Date, answeredAtOnce: boolean): { row: unknown[]; referenties: unknown[][] }[] {
  const refs = [...new Set(referenties(m))];
  return expectedAnswers(m.type).map((group) => {
    const immediate = answeredAtOnce && group.soort !== 'toewijzing-of-antwoord';
    const antwoordTypes = group.antwoordTypes.join(',');
    return {
      row: [
        messageId, antwoordTypes, m.type, m.header.afzender, m.header.berichtIdentificatie.identificatie,
        receivedAt.getTime(), workingDayDeadline(receivedAt, group.werkdagen).getTime(), immediate ? receivedAt.getTime() : null,
      ],
      // A 301 or 319 answers on a ReferentieAanbieder: it finds this row by that key (settleAnswered).
      referenties: group.soort === 'toewijzing-of-antwoord' ? refs.map((referentie) => [m.header.afzender, referentie, messageId, antwoordTypes]) : [],
    };
  });
}

/** The ReferentieAanbieder values a 315/317 is answered on (by a 301 or 319), or a 301/319 answers with. */
function referenties(m: CanonicalMessage): string[] {
  switch (m.nummer) {
    case '315': return m.client.aangevraagdeProducten.map((p) => p.referentieAanbieder);
    case '317': return [m.client.verzoek.referentieAanbieder];
    case '301': return m.client.toegewezenProducten.flatMap((p) => (p.referentieAanbieder ? [p.referentieAanbieder] : []));
    case '319': return [m.antwoord.referentieAanbieder];
    default: return [];
  }
}

// Which heen messages still wait for an answer (OP090: a retour in 3 working days; a 301 or 319 within 5
// after a 315/317; a 325 within 10 after a 323), and which answers arrived. A retour keeps the heen header
// (IV028), so it is matched on the heen's Afzender and Identificatie; a 325 on its DeclaratieIdentificatie;
// a 301/319 on the ReferentieAanbieder of the verzoek it answers.
export class DeadlineTracker {
  constructor(private readonly store: Store) {}

  private get db(): Db {
    return this.store.tables<IstandaardenTables>() as unknown as Db;
  }

  /**
   * In the message's own transaction (Inspection.persist): the answers an accepted heen message waits for, and
   * the waiting rows an accepted answer settles. `answeredAtOnce`: its retour went back at once (in a Du01).
   */
  async recordIn(db: Db, messageId: string, m: CanonicalMessage, receivedAt: Date, answeredAtOnce: boolean): Promise<void> {
    await this.recordAll(db, [{ messageId, model: m, receivedAt, answeredAtOnce }]);
  }

  /**
   * recordIn for the messages of one batch (the batch writer): every waiting row in one statement, every
   * referentie row in one, then the answers' settlements. The waiting rows go first, so an answer settles a heen
   * message of the same batch whatever their order in it.
   */
  async recordAll(db: Db, entries: readonly { messageId: string; model: CanonicalMessage; receivedAt: Date; answeredAtOnce: boolean }[]): Promise<void> {
    const dialect = dialectOf(db);
    const texts = hot(dialect);
    const waiting = entries.flatMap((e) => waitingRows(e.messageId, e.model, e.receivedAt, e.answeredAtOnce));
    const rows = waiting.map((w) => w.row);
    if (rows.length > 0) await runHot(db, texts.wachtend, rowsSourceParams(dialect, WACHTEND_TYPES.length, rows));
    const refs = waiting.flatMap((w) => w.referenties);
    if (refs.length > 0) await runHot(db, texts.referenties, rowsSourceParams(dialect, REFERENTIE_TYPES.length, refs));
    // The 301s' and 319s' settlements in one statement. A later answer of the batch with the same referentie and
    // type as an earlier one would find the rows the earlier one settled, or none: it is left out. Two types on
    // one referentie can settle the same row (a 315 waits for a 301 or a 319), and UPDATE … FROM would pick one
    // of them: then each message's settlements run alone, in batch order.
    const settles = new Map<string, unknown[]>();
    const byMessage: unknown[][][] = [];
    for (const e of entries) {
      if (e.model.nummer !== '301' && e.model.nummer !== '319') continue;
      const own = [...new Set(referenties(e.model))].map((ref) => [e.receivedAt.getTime(), e.messageId, `%${e.model.type}%`, e.model.header.ontvanger, ref]);
      byMessage.push(own);
      for (const row of own) {
        const key = JSON.stringify([row[3], row[4], e.model.type]);
        if (!settles.has(key)) settles.set(key, row);
      }
    }
    const together = new Set([...settles.values()].map(([, , , afzender, ref]) => JSON.stringify([afzender, ref]))).size === settles.size;
    for (const batch of together ? [[...settles.values()]] : byMessage) {
      if (batch.length > 0) await runHot(db, texts.settleOnReferentie, rowsSourceParams(dialect, SETTLE_COLUMNS.length, batch));
    }
    for (const e of entries) await this.settleRetour(db, e.messageId, e.model, e.receivedAt);
  }

  /** Marks the heen message a retour (or a 325) answers, found by the heen's Afzender and Identificatie. */
  private async settleRetour(db: Db, messageId: string, m: CanonicalMessage, at: Date): Promise<void> {
    const settle = (afzender: string, identificatie: string) => runHotCount(db, hot(dialectOf(db)).settleRetour, [at.getTime(), messageId, `%${m.type}%`, afzender, identificatie]);
    switch (m.nummer) {
      case '302': case '306': case '308': case '316': case '318': case '320':
        await settle(m.header.afzender, m.header.berichtIdentificatie.identificatie);
        break;
      case '325':
        await settle(m.header.ontvanger, m.header.declaratieIdentificatie.identificatie);
        break;
      default:
        break;
    }
  }

  /**
   * Rows past their deadline, unanswered and not yet alerted; marks them alerted. Each row is claimed by one
   * conditional UPDATE, so with several gateway processes scanning at once each missed answer is raised once.
   */
  async takeOverdue(now: Date, limit = 500): Promise<{ messageId: string; type: string; antwoordTypes: string[]; dueAt: Date }[]> {
    const candidates = await this.db.selectFrom('iv_wachtend').select(['message_id', 'type', 'antwoord_types', 'due_at'])
      .where('answered_at', 'is', null).where('alerted_at', 'is', null).where('due_at', '<=', now.getTime())
      .orderBy('due_at').limit(limit).execute();
    const rows: typeof candidates = [];
    for (const r of candidates) {
      const claimed = await this.db.updateTable('iv_wachtend').set({ alerted_at: now.getTime() })
        .where('message_id', '=', r.message_id).where('antwoord_types', '=', r.antwoord_types)
        .where('alerted_at', 'is', null).where('answered_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) rows.push(r);
    }
    return rows.map((r) => ({ messageId: r.message_id, type: r.type, antwoordTypes: r.antwoord_types.split(','), dueAt: new Date(Number(r.due_at)) }));
  }

  async overdueCount(now: Date): Promise<number> {
    const row = await this.db.selectFrom('iv_wachtend').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('answered_at', 'is', null).where('due_at', '<=', now.getTime()).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

/** The batch settlement's text (for the plan test). */
export const settlesText = (dialect: Dialect): string => hot(dialect).settleOnReferentie;
