// The worklist: items from uitvallijsten, from BRP events and from missed deadlines; their status with who
// and when; per item the budget's history; the open uitval per reason over time.
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { toNumber, uuidv7, type DbInt, type Store } from '../store/index.ts';
import { DIAGNOSES, isDiagnosis, type Diagnosis } from './diagnoses.ts';
import { PgbError } from './errors.ts';
import { budgethouderAad } from './ledger.ts';
import { ITEM_STATUSES, type ItemStatus, type PgbItemsTable, type PgbTables } from './tables.ts';

export type ItemRow = Selectable<PgbItemsTable>;

export interface WorklistFilter {
  status?: ItemStatus[];
  diagnosis?: Diagnosis[];
  klasse?: string;
  source?: string;
  importId?: string;
  budgetId?: string;
  bsnHash?: string;
  weak?: boolean;
  limit?: number;
  /** Items created before this id (uuidv7, so time order): the next page. */
  before?: string;
}

export interface ItemView {
  id: string;
  source: string;
  importId: string | null;
  lastImportId: string | null;
  rowNumber: number | null;
  budget: { afzender: string; budgetIdentificatie: string } | null;
  rowBudgetIdentificatie: string | null;
  match: string;
  weak: boolean;
  diagnosis: string;
  diagnosisTitle: string;
  reasonClass: string;
  detail: Record<string, unknown>;
  action: string;
  zorgfunctie: string | null;
  periode: { begin: string | null; einde: string | null };
  bedrag: number | null;
  svbReden: string | null;
  status: string;
  statusBy: string | null;
  statusAt: string | null;
  note: string | null;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Only for an operator with personal-data. */
  bsn?: string;
}

export class Worklist {
  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  get db(): Kysely<PgbTables> {
    return this.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  }

  async list(f: WorklistFilter): Promise<{ items: ItemRow[]; next: string | null }> {
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
    let q = this.db.selectFrom('pgb_items').selectAll();
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.diagnosis?.length) q = q.where('diagnosis', 'in', f.diagnosis);
    if (f.klasse) q = q.where('diagnosis', 'in', (Object.keys(DIAGNOSES) as Diagnosis[]).filter((d) => DIAGNOSES[d].klasse === f.klasse).concat(['-' as Diagnosis]));
    if (f.source) q = q.where('source', '=', f.source);
    if (f.importId) q = q.where('last_import_id', '=', f.importId);
    if (f.budgetId) q = q.where((eb) => eb.or([eb('budget_id', '=', f.budgetId!), eb('row_budget_id', '=', f.budgetId!)]));
    if (f.bsnHash) q = q.where('bsn_hash', '=', f.bsnHash);
    if (f.weak !== undefined) q = q.where('weak', '=', f.weak ? 1 : 0);
    if (f.before) q = q.where('id', '<', f.before);
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const more = rows.length > limit;
    const items = more ? rows.slice(0, limit) : rows;
    return { items, next: more ? items[items.length - 1]!.id : null };
  }

  async get(id: string): Promise<ItemRow | undefined> {
    return this.db.selectFrom('pgb_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async bsnOf(bsnHash: string): Promise<string | undefined> {
    const p = await this.db.selectFrom('pgb_budgethouders').select(['bsn_key_id', 'bsn_blob']).where('bsn_hash', '=', bsnHash).executeTakeFirst();
    return p ? this.store.unseal(budgethouderAad(bsnHash), p.bsn_key_id, Buffer.from(p.bsn_blob)).toString('utf8') : undefined;
  }

  view(r: ItemRow, bsn?: string): ItemView {
    const d = isDiagnosis(r.diagnosis) ? DIAGNOSES[r.diagnosis] : undefined;
    const iso = (v: DbInt | null) => (v === null ? null : new Date(toNumber(v)).toISOString());
    return {
      id: r.id, source: r.source, importId: r.import_id, lastImportId: r.last_import_id, rowNumber: r.row_number === null ? null : Number(r.row_number),
      budget: r.budget_id !== null && r.afzender !== null ? { afzender: r.afzender, budgetIdentificatie: r.budget_id } : null,
      rowBudgetIdentificatie: r.row_budget_id, match: r.match, weak: Number(r.weak) === 1, diagnosis: r.diagnosis,
      diagnosisTitle: d?.titel ?? r.diagnosis, reasonClass: d?.klasse ?? 'onbekend', detail: JSON.parse(r.detail) as Record<string, unknown>,
      // Items of a list store no action of their own: it is the diagnosis's (DIAGNOSES), saving a text per row.
      action: r.action !== '' ? r.action : (d?.actie ?? ''), zorgfunctie: r.zorgfunctie, periode: { begin: r.periode_begin, einde: r.periode_einde },
      bedrag: r.bedrag === null ? null : Number(r.bedrag), svbReden: r.svb_reden, status: r.status, statusBy: r.status_by, statusAt: iso(r.status_at),
      note: r.note, closedReason: r.closed_reason, createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
      ...(bsn !== undefined ? { bsn } : {}),
    };
  }

  /** Sets the status; returns the item before and after. */
  async setStatus(id: string, status: string, by: string, note: string | undefined): Promise<{ before: ItemRow; after: ItemRow }> {
    if (!(ITEM_STATUSES as readonly string[]).includes(status)) {
      throw new PgbError(400, 'bad-status', `status must be one of ${ITEM_STATUSES.join(', ')}`, { parameter: 'status' });
    }
    const before = await this.get(id);
    if (!before) throw new PgbError(404, 'item-not-found', `no worklist item ${id}`);
    const at = this.now();
    const changes = { status, status_by: by, status_at: at, updated_at: at, closed_reason: null, ...(note !== undefined ? { note: note.slice(0, 1000) } : {}) };
    await this.db.updateTable('pgb_items').set(changes).where('id', '=', id).execute();
    return { before, after: { ...before, ...changes } };
  }

  /** The budget's history: every TKB version with its retour, the BABs, the deadlines. */
  async history(afzender: string, budgetId: string, bsnHash: string) {
    const db = this.db;
    const budget = await db.selectFrom('pgb_budgets').selectAll().where('afzender', '=', afzender).where('budget_id', '=', budgetId).where('bsn_hash', '=', bsnHash).executeTakeFirst();
    if (!budget) return undefined;
    const versions = await db.selectFrom('pgb_tkb_versions').selectAll().where('afzender', '=', afzender).where('budget_id', '=', budgetId).where('bsn_hash', '=', bsnHash).orderBy('version').execute();
    const babs = await db.selectFrom('pgb_babs').selectAll().where('afzender', '=', afzender).where('budget_id', '=', budgetId).where('bsn_hash', '=', bsnHash).orderBy('received_at').execute();
    const deadlines = await db.selectFrom('pgb_deadlines').selectAll().where('afzender', '=', afzender).where('budget_id', '=', budgetId).where('bsn_hash', '=', bsnHash).orderBy('due_at').execute();
    const iso = (v: DbInt | null) => (v === null ? null : new Date(toNumber(v)).toISOString());
    return {
      afzender, budgetIdentificatie: budgetId, wet: budget.wet, state: budget.state, budgetIdentificatieOud: budget.budget_id_oud, vervangenDoor: budget.vervangen_door,
      periode: { begin: budget.periode_begin, einde: budget.periode_einde }, functiebudgetten: JSON.parse(budget.functiebudgetten) as unknown,
      tkb: versions.map((v) => ({
        versie: Number(v.version), messageId: v.message_id, berichtIdentificatie: v.berichtidentificatie, dagtekening: v.dagtekening, verzonden: iso(v.sent_at),
        state: v.state, functiebudgetten: JSON.parse(v.functiebudgetten) as unknown,
        retour: v.retour_message_id === null ? null : { messageId: v.retour_message_id, at: iso(v.retour_at), codes: v.retour_codes === null ? [] : v.retour_codes.split(',') },
      })),
      bab: babs.map((b) => ({
        messageId: b.message_id, regel: Number(b.line), zorgfunctie: b.zorgfunctie, periode: { begin: b.begin, einde: b.einde }, reden: b.reden,
        besteed: Number(b.besteed), toegekend: b.toegekend === null ? null : Number(b.toegekend), vvBesteed: b.vv_besteed === null ? null : Number(b.vv_besteed),
        vvToegekend: b.vv_toegekend === null ? null : Number(b.vv_toegekend), bovenBudget: Number(b.boven_budget) === 1, ontvangen: iso(b.received_at),
      })),
      termijnen: deadlines.map((d) => ({ soort: d.kind, zorgfunctie: d.zorgfunctie, uiterlijk: iso(d.due_at), voldaan: iso(d.met_at), gesignaleerd: iso(d.alerted_at) })),
    };
  }

  /**
   * An item the gateway raises itself (a BRP event on a budgethouder, a missed deadline). `key` identifies
   * it, so the same event twice is one item. Returns whether it is new.
   */
  async raise(input: { key: string; source: 'brp' | 'termijn'; bsnHash: string; budget?: { afzender: string; budgetId: string }; diagnosis: Diagnosis; detail: Record<string, unknown>; zorgfunctie?: string | null }): Promise<{ id: string; created: boolean }> {
    const at = this.now();
    const rowKey = createHash('sha256').update(`${input.source}|${input.key}`).digest('hex');
    const id = uuidv7(at);
    const res = await this.db.insertInto('pgb_items').values({
      id, row_key: rowKey, source: input.source, import_id: null, last_import_id: null, row_number: null, bsn_hash: input.bsnHash,
      afzender: input.budget?.afzender ?? null, budget_id: input.budget?.budgetId ?? null, row_budget_id: null, match: input.budget ? 'budgetidentificatie' : 'bsn',
      weak: 0, diagnosis: input.diagnosis, detail: JSON.stringify(input.detail), action: DIAGNOSES[input.diagnosis].actie,
      zorgfunctie: input.zorgfunctie ?? null, periode_begin: null, periode_einde: null, bedrag: null, svb_reden: null,
      status: 'open', status_by: null, status_at: null, note: null, closed_reason: null, created_at: at, updated_at: at,
    }).onConflict((oc) => oc.column('row_key').doNothing()).executeTakeFirst();
    const created = Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
    if (created) return { id, created };
    const existing = await this.db.selectFrom('pgb_items').select('id').where('row_key', '=', rowKey).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  /** Per day (Europe/Amsterdam is not needed at this grain: UTC days), the items open at its end, per diagnosis. */
  async openOverTime(days: number): Promise<{ days: string[]; series: Record<string, number[]> }> {
    const now = this.now();
    const DAY = 86_400_000;
    const lastEnd = Math.floor(now / DAY) * DAY + DAY;
    const firstEnd = lastEnd - (days - 1) * DAY;
    const rows = await this.db.selectFrom('pgb_items').select(['diagnosis', 'created_at', 'status', 'status_at'])
      .where('created_at', '<', lastEnd)
      .where((eb) => eb.or([eb('status', '!=', 'opgelost'), eb('status_at', '>=', firstEnd - DAY)]))
      .execute();
    const labels: string[] = [];
    for (let i = 0; i < days; i++) labels.push(new Date(firstEnd + i * DAY - 1).toISOString().slice(0, 10));
    const series: Record<string, number[]> = {};
    for (const r of rows) {
      const created = toNumber(r.created_at);
      const closedAt = r.status === 'opgelost' && r.status_at !== null ? toNumber(r.status_at) : Infinity;
      const s = (series[r.diagnosis] ??= new Array<number>(days).fill(0));
      for (let i = 0; i < days; i++) {
        const end = firstEnd + i * DAY;
        if (created < end && closedAt >= end) s[i]!++;
      }
    }
    return { days: labels, series };
  }
}
