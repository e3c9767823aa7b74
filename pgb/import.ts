// One uitvallijst import: the file kept sealed, read row by row through its layout, each valid row
// reconciled against the ledger and written as a worklist item (the same uitval on a later list updates
// its item), bad rows reported by row number, and the items of earlier lists whose rows are gone closed.
//
// An import is there completely or not at all, yet it never holds the store while it reads the file: the
// reconciled rows are staged (pgb_import_rows) a batch per short transaction, with a turn of the event loop
// after each; only when the whole file has been read are they merged into pgb_items, set-based, in one
// transaction (which also yields between its chunks). A file that turns out unreadable halfway leaves nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7, type Store } from '../store/index.ts';
import { DIAGNOSES, DIAGNOSIS_CODES, REASON_CLASSES, type Diagnosis, type ReasonClass } from './diagnoses.ts';
import { PgbError } from './errors.ts';
import { budgethouderAad } from './ledger.ts';
import { loadLedgerIndex, reconcileRow } from './reconcile.ts';
import { dropStaged, dropStagedBefore, lockImports, mergeStaged, stageRows, type StagedRow } from './import-staging.ts';
import type { PgbTables } from './tables.ts';
import type { Layout } from './uitvallijst/layout.ts';
import { kindOfContentType, ListReadError, readRows } from './uitvallijst/read.ts';
import { HeaderError, isBlank, mapHeader, rowOf, type ColumnMap, type RowProblem, type UitvalRow } from './uitvallijst/rows.ts';

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

/** Rows reconciled per read of the ledger and staged per transaction (each commit is an fsync on SQLite). */
const BATCH = 2_000;
/** Rows read and reconciled between two turns of the event loop. */
const ROWS_PER_TURN = 500;
/** Staged rows merged per statement; the event loop gets a turn after each (the merge transaction stays open). */
const MERGE_CHUNK = 5_000;
/** Staged rows older than this belong to an import that died without cleaning up. */
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;
const MAX_REPORTED = 1_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  const { dialect } = store;
  const db = store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  const id = uuidv7(deps.now());
  const at = deps.now();
  const summary = emptySummary();
  const rejected: RowProblem[] = [];
  // Persons first seen in this list who are not in the ledger either.
  const known = new Set<string>();
  const ids = idSource(at);
  let staged = 0;

  /** Reconciles a batch of valid rows against the ledger of their persons and stages the results in one transaction. */
  const reconcileBatch = async (rows: { row: UitvalRow; bsnHash: string }[]) => {
    const index = await loadLedgerIndex(db, dialect, [...new Set(rows.map((r) => r.bsnHash))]);
    const out: StagedRow[] = [];
    for (const { row, bsnHash } of rows) {
      let sealed: { keyId: string; blob: Buffer } | undefined;
      if (!index.byPerson.has(bsnHash) && !known.has(bsnHash)) {
        known.add(bsnHash);
        sealed = store.seal(budgethouderAad(bsnHash), Buffer.from(row.bsn, 'utf8'));
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
      // STAGED_COLUMNS order.
      out.push([
        id, staged++, ids(), rowKey(bsnHash, row), row.row, bsnHash, sealed?.keyId ?? null, sealed?.blob ?? null,
        rec.budget?.afzender ?? null, rec.budget?.budgetId ?? null, row.budgetIdentificatie ?? null,
        rec.match, rec.weak ? 1 : 0, rec.diagnosis, JSON.stringify(rec.detail),
        row.zorgfunctie ?? null, row.periodeBegin ?? null, row.periodeEinde ?? null, row.bedrag ?? null,
        [row.redenCode, row.redenOmschrijving].filter((x) => x !== undefined && x !== '').join(': ') || null,
      ]);
    }
    await db.transaction().execute((trx) => stageRows(trx, dialect, out));
    await turn();
  };

  await dropStagedBefore(db, dialect, uuidv7(Date.now() - STALE_STAGING_MS));
  try {
    let map: ColumnMap | undefined;
    let batch: { row: UitvalRow; bsnHash: string }[] = [];
    try {
      for await (const raw of readRows(input.file, kind, layout)) {
        if (isBlank(raw)) continue;
        if (map === undefined) { map = mapHeader(raw, layout); continue; }
        // Parsing and checking are synchronous (csv-parse feeds from memory): without a turn of the event loop
        // now and then, a 100,000-row list would hold every other request of the gateway for its whole import.
        if (++summary.rows % ROWS_PER_TURN === 0) await turn();
        const r = rowOf(raw, map, layout);
        if ('problems' in r) {
          summary.rejectedRows++;
          for (const p of r.problems) if (rejected.length < MAX_REPORTED) rejected.push(p);
          continue;
        }
        summary.validRows++;
        batch.push({ row: r.row, bsnHash: store.bsnHash(r.row.bsn) });
        if (batch.length >= BATCH) await reconcileBatch(batch.splice(0));
      }
    } catch (err) {
      if (err instanceof HeaderError) {
        throw new PgbError(422, err.code, err.message, err.column !== undefined ? { column: err.column, layout: layout.name, layoutVersion: layout.version } : { layout: layout.name });
      }
      if (err instanceof ListReadError) throw new PgbError(422, 'unreadable-list', err.message, err.row !== undefined ? { row: err.row } : {});
      throw err;
    }
    if (map === undefined) throw new PgbError(422, 'empty-list', 'the list has no header row');
    await reconcileBatch(batch);

    const sealedFile = store.seal(importAad(id), input.file);
    const sha256 = createHash('sha256').update(input.file).digest('hex');
    await db.transaction().execute(async (trx) => {
      await lockImports(trx, dialect);
      for (let from = 0; from < staged; from += MERGE_CHUNK) {
        await mergeStaged(trx, dialect, id, at, from, from + MERGE_CHUNK);
        // The transaction stays open (the list is merged whole or not at all), but the event loop gets a turn:
        // requests that need no store (/healthz, parsing a message) go on; store users wait for this merge only.
        if (from + MERGE_CHUNK < staged) await turn();
      }
      const closed = await trx.updateTable('pgb_items')
        .set({ status: 'opgelost', status_by: 'ketenpoort', status_at: at, closed_reason: 'niet-meer-op-lijst', updated_at: at })
        .where('source', '=', 'uitvallijst').where('status', '!=', 'opgelost').where('last_import_id', '!=', id).executeTakeFirst();
      summary.closed = Number(closed.numUpdatedRows);
      const reopened = await trx.selectFrom('pgb_items').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('last_import_id', '=', id).where('closed_reason', '=', 'weer-op-lijst').where('status_at', '=', at).executeTakeFirstOrThrow();
      summary.reopened = Number(reopened.n);

      await trx.insertInto('pgb_imports').values({
        id, at, actor: input.actor.name, actor_oin: input.actor.oin, filename: input.filename?.slice(0, 200) ?? null, content_type: kind === 'csv' ? 'text/csv' : 'xlsx',
        layout: layout.name, layout_version: layout.version, sha256,
        file_key_id: sealedFile.keyId, file_blob: sealedFile.blob, rows: summary.rows, valid_rows: summary.validRows, matched: summary.matched, weak: summary.weak,
        unmatched: summary.unmatched, rejected: JSON.stringify(rejected), summary: JSON.stringify(summary), closed: summary.closed,
      }).execute();
    });
  } finally {
    // Staged rows are done with, merged or not; a failure here leaves them to the next import's sweep.
    await dropAllStaged(db, dialect, id, staged).catch(() => undefined);
  }
  return { id, at: new Date(at), layout: { name: layout.name, version: layout.version }, summary, rejected };
}

async function dropAllStaged(db: Kysely<PgbTables>, dialect: Store['dialect'], id: string, staged: number): Promise<void> {
  for (let from = 0; from < staged; from += MERGE_CHUNK) {
    await dropStaged(db, dialect, id, from, from + MERGE_CHUNK);
    await turn();
  }
}

export type { Diagnosis };
