// One uitvallijst import: the file kept sealed, read row by row through its layout, each valid row
// reconciled against the ledger and written as a worklist item (the same uitval on a later list updates
// its item), bad rows reported by row number, and the items of earlier lists whose rows are gone closed.
// All of it in one transaction: an import is there completely or not at all.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { uuidv7, type Store } from '../store/index.ts';
import { DIAGNOSES, DIAGNOSIS_CODES, REASON_CLASSES, type Diagnosis, type ReasonClass } from './diagnoses.ts';
import { PgbError } from './errors.ts';
import { budgethouderAad } from './ledger.ts';
import { loadLedgerIndex, reconcileRow } from './reconcile.ts';
import type { PgbItemsTable, PgbTables } from './tables.ts';
import type { Layout } from './uitvallijst/layout.ts';
import { kindOfContentType, ListReadError, readRows } from './uitvallijst/read.ts';
import { HeaderError, isBlank, mapHeader, rowOf, type ColumnMap, type RowProblem } from './uitvallijst/rows.ts';

export interface ImportSummary {
  rows: number;
  validRows: number;
  matched: number;
  weak: number;
  unmatched: number;
  rejectedRows: number;
  closed: number;
  reopened: number;
  perDiagnosis: Record<string, { rows: number; bedrag: number }>;
  perClass: Record<string, { rows: number; bedrag: number }>;
  bedragTotaal: number;
}

export interface ImportResult {
  id: string;
  at: Date;
  layout: { name: string; version: string };
  summary: ImportSummary;
  /** At most MAX_REPORTED rows; `summary.rejectedRows` counts them all. */
  rejected: RowProblem[];
}

export interface ImportDeps {
  store: Store;
  layouts: ReadonlyMap<string, Layout>;
  defaultLayout: string;
  eigenGemeenten: ReadonlySet<string>;
  now(): number;
}

export interface ImportInput {
  file: Buffer;
  contentType: string | undefined;
  filename?: string;
  layout?: string;
  actor: { name: string; oin: string };
}

const BATCH = 400;
const MAX_REPORTED = 1_000;

export const importAad = (id: string) => `pgb-import:${id}`;

/**
 * UUIDv7 ids for the items of one import, ascending (RFC 9562 §6.2 method 1: the 12 bits of rand_a and 6 bits
 * after the variant are a counter; past 2^18 items the millisecond moves on), so each lands at the end of the
 * primary key's index instead of at a random page of it. The rest is random, from one pool of random bytes (a
 * call to randomBytes per row costs more than the rest of the row).
 */
function idSource(at: number): () => string {
  let pool = Buffer.alloc(0);
  let used = 0;
  let n = 0;
  return () => {
    if (used + 7 > pool.length) { pool = randomBytes(7 * 4096); used = 0; }
    const b = Buffer.alloc(16);
    const counter = n % 0x40000;
    b.writeUIntBE(at + Math.floor(n / 0x40000), 0, 6);
    n++;
    b[6] = 0x70 | (counter >> 14);
    b[7] = (counter >> 6) & 0xff;
    b[8] = 0x80 | (counter & 0x3f);
    pool.copy(b, 9, used, used + 7);
    used += 7;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

function rowKey(bsnHash: string, r: { budgetIdentificatie?: string; zorgfunctie?: string; periodeBegin?: string; periodeEinde?: string; redenCode?: string }): string {
  return createHash('sha256').update(['uitvallijst', bsnHash, r.budgetIdentificatie ?? '', r.zorgfunctie ?? '', r.periodeBegin ?? '', r.periodeEinde ?? '', r.redenCode ?? ''].join('|')).digest('hex');
}

function emptySummary(): ImportSummary {
  return {
    rows: 0, validRows: 0, matched: 0, weak: 0, unmatched: 0, rejectedRows: 0, closed: 0, reopened: 0, bedragTotaal: 0,
    perDiagnosis: Object.fromEntries(DIAGNOSIS_CODES.map((d) => [d, { rows: 0, bedrag: 0 }])),
    perClass: Object.fromEntries(REASON_CLASSES.map((c) => [c, { rows: 0, bedrag: 0 }])),
  };
}

export async function importUitvallijst(deps: ImportDeps, input: ImportInput): Promise<ImportResult> {
  const kind = kindOfContentType(input.contentType);
  if (kind === undefined) {
    throw new PgbError(415, 'unsupported-content-type', 'send the list as text/csv or as application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (XLSX)');
  }
  const layoutName = input.layout ?? deps.defaultLayout;
  const layout = deps.layouts.get(layoutName);
  if (!layout) throw new PgbError(400, 'unknown-layout', `no uitvallijst layout ${layoutName.slice(0, 60)}; known: ${[...deps.layouts.keys()].join(', ')}`, { parameter: 'layout' });
  if (input.file.length === 0) throw new PgbError(422, 'empty-list', 'the file is empty');

  const { store } = deps;
  const db = store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  const index = await loadLedgerIndex(db);
  const id = uuidv7(deps.now());
  const at = deps.now();
  const summary = emptySummary();
  const rejected: RowProblem[] = [];
  // Persons first seen in this list (the ledger's own are in the index already).
  const known = new Set<string>();
  const ids = idSource(at);

  await db.transaction().execute(async (trx) => {
    let map: ColumnMap | undefined;
    let batch: PgbItemsTable[] = [];
    const persons: { bsn_hash: string; bsn_key_id: string; bsn_blob: Buffer; gevolgd: number; brp_gebeurtenis: null; brp_datum: null; brp_nieuwe_gemeente: null; brp_at: null; updated_at: number }[] = [];
    const flush = async () => {
      if (persons.length > 0) {
        await trx.insertInto('pgb_budgethouders').values(persons.splice(0)).onConflict((oc) => oc.column('bsn_hash').doNothing()).execute();
      }
      if (batch.length === 0) return;
      // The same uitval twice in one statement would hit its own conflict (PostgreSQL refuses that): the later row wins.
      const rows = [...new Map(batch.map((r) => [r.row_key, r])).values()];
      batch = [];
      await trx.insertInto('pgb_items').values(rows).onConflict((oc) => oc.column('row_key').doUpdateSet((eb) => ({
        last_import_id: eb.ref('excluded.last_import_id'),
        row_number: eb.ref('excluded.row_number'),
        afzender: eb.ref('excluded.afzender'),
        budget_id: eb.ref('excluded.budget_id'),
        match: eb.ref('excluded.match'),
        weak: eb.ref('excluded.weak'),
        diagnosis: eb.ref('excluded.diagnosis'),
        detail: eb.ref('excluded.detail'),
        bedrag: eb.ref('excluded.bedrag'),
        svb_reden: eb.ref('excluded.svb_reden'),
        updated_at: eb.ref('excluded.updated_at'),
        // The uitval is back on the list although it was solved: open again.
        status: sql<string>`case when pgb_items.status = 'opgelost' then 'open' else pgb_items.status end`,
        status_by: sql<string | null>`case when pgb_items.status = 'opgelost' then 'ketenpoort' else pgb_items.status_by end`,
        status_at: sql<number | null>`case when pgb_items.status = 'opgelost' then ${at} else pgb_items.status_at end`,
        closed_reason: sql<string | null>`case when pgb_items.status = 'opgelost' then 'weer-op-lijst' else pgb_items.closed_reason end`,
      }))).execute();
    };

    try {
      for await (const raw of readRows(input.file, kind, layout)) {
        if (isBlank(raw)) continue;
        if (map === undefined) { map = mapHeader(raw, layout); continue; }
        summary.rows++;
        const r = rowOf(raw, map, layout);
        if ('problems' in r) {
          summary.rejectedRows++;
          for (const p of r.problems) if (rejected.length < MAX_REPORTED) rejected.push(p);
          continue;
        }
        const row = r.row;
        summary.validRows++;
        const bsnHash = store.bsnHash(row.bsn);
        if (!index.byPerson.has(bsnHash) && !known.has(bsnHash)) {
          known.add(bsnHash);
          const sealed = store.seal(budgethouderAad(bsnHash), Buffer.from(row.bsn, 'utf8'));
          persons.push({ bsn_hash: bsnHash, bsn_key_id: sealed.keyId, bsn_blob: sealed.blob, gevolgd: 0, brp_gebeurtenis: null, brp_datum: null, brp_nieuwe_gemeente: null, brp_at: null, updated_at: at });
        }
        const rec = reconcileRow(row, bsnHash, index, deps.eigenGemeenten);
        if (rec.match === 'geen') summary.unmatched++;
        else summary.matched++;
        if (rec.weak) summary.weak++;
        const bedrag = row.bedrag ?? 0;
        const klasse: ReasonClass = DIAGNOSES[rec.diagnosis].klasse;
        summary.perDiagnosis[rec.diagnosis]!.rows++;
        summary.perDiagnosis[rec.diagnosis]!.bedrag += bedrag;
        summary.perClass[klasse]!.rows++;
        summary.perClass[klasse]!.bedrag += bedrag;
        summary.bedragTotaal += bedrag;
        batch.push({
          id: ids(), row_key: rowKey(bsnHash, row), source: 'uitvallijst', import_id: id, last_import_id: id, row_number: row.row,
          bsn_hash: bsnHash, afzender: rec.budget?.afzender ?? null, budget_id: rec.budget?.budgetId ?? null, row_budget_id: row.budgetIdentificatie ?? null,
          match: rec.match, weak: rec.weak ? 1 : 0, diagnosis: rec.diagnosis, detail: JSON.stringify(rec.detail), action: '',
          zorgfunctie: row.zorgfunctie ?? null, periode_begin: row.periodeBegin ?? null, periode_einde: row.periodeEinde ?? null,
          bedrag: row.bedrag ?? null, svb_reden: [row.redenCode, row.redenOmschrijving].filter((x) => x !== undefined && x !== '').join(': ') || null,
          status: 'open', status_by: null, status_at: null, note: null, closed_reason: null, created_at: at, updated_at: at,
        });
        if (batch.length >= BATCH) {
          await flush();
          // Everything above is synchronous on SQLite (and csv-parse feeds from memory): without a turn of the
          // event loop now and then, a 100,000-row list would hold every other request of the gateway for its
          // whole import.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } catch (err) {
      if (err instanceof HeaderError) {
        throw new PgbError(422, err.code, err.message, err.column !== undefined ? { column: err.column, layout: layout.name, layoutVersion: layout.version } : { layout: layout.name });
      }
      if (err instanceof ListReadError) throw new PgbError(422, 'unreadable-list', err.message, err.row !== undefined ? { row: err.row } : {});
      throw err;
    }
    if (map === undefined) throw new PgbError(422, 'empty-list', 'the list has no header row');
    await flush();

    const closed = await trx.updateTable('pgb_items')
      .set({ status: 'opgelost', status_by: 'ketenpoort', status_at: at, closed_reason: 'niet-meer-op-lijst', updated_at: at })
      .where('source', '=', 'uitvallijst').where('status', '!=', 'opgelost').where('last_import_id', '!=', id).executeTakeFirst();
    summary.closed = Number(closed.numUpdatedRows);
    const reopened = await trx.selectFrom('pgb_items').select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('last_import_id', '=', id).where('closed_reason', '=', 'weer-op-lijst').where('status_at', '=', at).executeTakeFirstOrThrow();
    summary.reopened = Number(reopened.n);

    const sealed = store.seal(importAad(id), input.file);
    await trx.insertInto('pgb_imports').values({
      id, at, actor: input.actor.name, actor_oin: input.actor.oin, filename: input.filename?.slice(0, 200) ?? null, content_type: kind === 'csv' ? 'text/csv' : 'xlsx',
      layout: layout.name, layout_version: layout.version, sha256: createHash('sha256').update(input.file).digest('hex'),
      file_key_id: sealed.keyId, file_blob: sealed.blob, rows: summary.rows, valid_rows: summary.validRows, matched: summary.matched, weak: summary.weak,
      unmatched: summary.unmatched, rejected: JSON.stringify(rejected), summary: JSON.stringify(summary), closed: summary.closed,
    }).execute();
  });
  return { id, at: new Date(at), layout: { name: layout.name, version: layout.version }, summary, rejected };
}

export type { Diagnosis };
