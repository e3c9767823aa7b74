// Reconciliation: each uitvallijst row matched to the ledger — by BudgetIdentificatie, else by BSN +
// zorgfunctie + overlapping period, else by BSN alone (weak) — and given a diagnosis with a suggested action.
// The ledger is read a batch of rows at a time into a LedgerIndex of those rows' persons (maps by budget id
// and by person), so 100,000 rows cost no query each and the ledger is never all in memory.
import type { Kysely } from 'kysely';
import { hotSql, idListParam, idListSql, runHot, type Store } from '../store/index.ts';
import { brpDiagnosis, type Diagnosis } from './diagnoses.ts';
import { retourcodeMeaning } from './retourcodes.ts';
import type { BudgetState, FunctieBudgetRow, PgbTables } from './tables.ts';
import type { UitvalRow } from './uitvallijst/rows.ts';

export interface LedgerBudget {
  afzender: string;
  budgetId: string;
  bsnHash: string;
  budgetIdOud: string | null;
  state: BudgetState;
  versions: number;
  vervangenDoor: string | null;
  /** Parsed on first use: most budgets of a 100,000-row list are matched by BudgetIdentificatie and never need it. */
  readonly functiebudgetten: FunctieBudgetRow[];
  retourCodes: string | null;
  updatedAt: number;
}

/** A ledger budget whose functiebudgetten stay JSON text until read (half the memory of the index). */
class IndexedBudget implements LedgerBudget {
  #json: string;
  #parsed: FunctieBudgetRow[] | undefined;
  constructor(
    readonly afzender: string, readonly budgetId: string, readonly bsnHash: string, readonly budgetIdOud: string | null, readonly state: BudgetState,
    readonly versions: number, readonly vervangenDoor: string | null, json: string, readonly retourCodes: string | null, readonly updatedAt: number,
  ) {
    this.#json = json;
  }

  get functiebudgetten(): FunctieBudgetRow[] {
    this.#parsed ??= JSON.parse(this.#json) as FunctieBudgetRow[];
    return this.#parsed;
  }
}

export interface OverBudget { zorgfunctie: string; begin: string; besteed: number; toegekend: number | null }

export interface LedgerIndex {
  byBudgetId: Map<string, LedgerBudget[]>;
  byPerson: Map<string, LedgerBudget[]>;
  /** bab lines above budget, by `${afzender}|${bsnHash}|${budgetId}`. */
  overBudget: Map<string, OverBudget[]>;
  /** Persons with a BRP event that matters: bsnHash → event. */
  brp: Map<string, { gebeurtenis: string; datum: string | null; nieuweGemeente: string | null }>;
}

const budgetKey = (b: { afzender: string; bsnHash: string; budgetId: string }) => `${b.afzender}|${b.bsnHash}|${b.budgetId}`;

type BudgetRow = {
  afzender: string; budget_id: string; bsn_hash: string; budget_id_oud: string | null; state: BudgetState; versions: number | string;
  vervangen_door: string | null; functiebudgetten: string; retour_codes: string | null; updated_at: number | string;
};
type OverRow = { afzender: string; bsn_hash: string; budget_id: string; zorgfunctie: string; begin: string; besteed: number | string; toegekend: number | string | null };
type BrpRow = { bsn_hash: string; brp_gebeurtenis: string; brp_datum: string | null; brp_nieuwe_gemeente: string | null };

/**
 * The part of the ledger that concerns the given persons: their budgets, BAB lines above budget and BRP
 * events. Every rule of reconcileRow looks only at the row's own person (a budget named by the row counts
 * only if it is his, a replacing budget and an overlapping one are his too), so an import reads the ledger a
 * batch of rows at a time — three set-based queries per batch, memory bound by the batch, not by the ledger.
 */
export async function loadLedgerIndex(db: Kysely<PgbTables>, dialect: Store['dialect'], bsnHashes: readonly string[]): Promise<LedgerIndex> {
  const index: LedgerIndex = { byBudgetId: new Map(), byPerson: new Map(), overBudget: new Map(), brp: new Map() };
  if (bsnHashes.length === 0) return index;
  const persons = idListParam(dialect, bsnHashes);
  const budgets = await runHot<BudgetRow>(db, hotSql(dialect, `select afzender, budget_id, bsn_hash, budget_id_oud, state, versions, vervangen_door,
      functiebudgetten, retour_codes, updated_at from pgb_budgets where ${idListSql(dialect, 'bsn_hash')}`), [persons]);
  for (const r of budgets) {
    const b = new IndexedBudget(r.afzender, r.budget_id, r.bsn_hash, r.budget_id_oud, r.state, Number(r.versions), r.vervangen_door, r.functiebudgetten, r.retour_codes, Number(r.updated_at));
    push(index.byBudgetId, b.budgetId, b);
    push(index.byPerson, b.bsnHash, b);
  }
  // By budget id only (what pgb_babs is indexed on; a second list on bsn_hash would make SQLite probe every
  // pair of the two lists), the persons checked here.
  const budgetIds = [...new Set(budgets.map((b) => b.budget_id))];
  const over = budgetIds.length === 0 ? [] : await runHot<OverRow>(db, hotSql(dialect, `select afzender, bsn_hash, budget_id, zorgfunctie, begin, besteed, toegekend
      from pgb_babs where ${idListSql(dialect, 'budget_id')} and boven_budget = 1`), [idListParam(dialect, budgetIds)]);
  for (const o of over) {
    if (!index.byPerson.has(o.bsn_hash)) continue;
    push(index.overBudget, budgetKey({ afzender: o.afzender, bsnHash: o.bsn_hash, budgetId: o.budget_id }), { zorgfunctie: o.zorgfunctie, begin: o.begin, besteed: Number(o.besteed), toegekend: o.toegekend === null ? null : Number(o.toegekend) });
  }
  const brp = await runHot<BrpRow>(db, hotSql(dialect, `select bsn_hash, brp_gebeurtenis, brp_datum, brp_nieuwe_gemeente from pgb_budgethouders
      where brp_gebeurtenis is not null and ${idListSql(dialect, 'bsn_hash')}`), [persons]);
  for (const p of brp) index.brp.set(p.bsn_hash, { gebeurtenis: p.brp_gebeurtenis, datum: p.brp_datum, nieuweGemeente: p.brp_nieuwe_gemeente });
  return index;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export type MatchKind = 'budgetidentificatie' | 'bsn-zorgfunctie-periode' | 'bsn' | 'geen';

export interface Reconciled {
  match: MatchKind;
  weak: boolean;
  budget?: LedgerBudget;
  diagnosis: Diagnosis;
  detail: Record<string, unknown>;
}

const overlaps = (aBegin: string, aEinde: string, bBegin: string, bEinde: string) => aBegin <= bEinde && bBegin <= aEinde;
const isWithdrawal = (f: FunctieBudgetRow) => f.bedrag === 0 && f.begin === f.einde;
const inForce = (b: LedgerBudget) => b.state !== 'afgekeurd' && b.state !== 'gecorrigeerd';

function latest(budgets: readonly LedgerBudget[]): LedgerBudget {
  return budgets.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
}

/** The ledger budget a row is about, and how sure that is. */
export function matchRow(row: UitvalRow, bsnHash: string, index: LedgerIndex): { match: MatchKind; budget?: LedgerBudget } {
  if (row.budgetIdentificatie !== undefined) {
    const same = (index.byBudgetId.get(row.budgetIdentificatie) ?? []).filter((b) => b.bsnHash === bsnHash);
    const pick = row.gemeentecode !== undefined ? same.filter((b) => b.afzender === row.gemeentecode) : same;
    if (pick.length > 0) return { match: 'budgetidentificatie', budget: latest(pick) };
    if (same.length > 0) return { match: 'budgetidentificatie', budget: latest(same) };
  }
  const own = index.byPerson.get(bsnHash) ?? [];
  if (own.length === 0) return { match: 'geen' };
  if (row.zorgfunctie !== undefined) {
    const begin = row.periodeBegin ?? '0000-01-01';
    const einde = row.periodeEinde ?? '9999-12-31';
    const hits = own.filter((b) => b.functiebudgetten.some((f) => f.zorgfunctie === row.zorgfunctie && !isWithdrawal(f) && overlaps(f.begin, f.einde, begin, einde)));
    if (hits.length > 0) return { match: 'bsn-zorgfunctie-periode', budget: latest(hits) };
  }
  return { match: 'bsn', budget: latest(own) };
}

/** The row's diagnosis given its match. `eigenGemeenten`: the municipality's own gemeentecodes (a move within them is no uitval). */
export function reconcileRow(row: UitvalRow, bsnHash: string, index: LedgerIndex, eigenGemeenten: ReadonlySet<string>): Reconciled {
  const { match, budget } = matchRow(row, bsnHash, index);
  const weak = match === 'bsn';
  const brp = index.brp.get(bsnHash);
  const brpD = brp ? brpDiagnosis(brp.gebeurtenis, brp.nieuweGemeente, eigenGemeenten) : undefined;
  const base = { match, weak, ...(budget ? { budget } : {}) };
  if (brpD !== undefined && (budget !== undefined || match !== 'geen' || (index.byPerson.get(bsnHash)?.length ?? 0) > 0)) {
    return { ...base, diagnosis: brpD, detail: { gebeurtenis: brp!.gebeurtenis, datum: brp!.datum, ...(brp!.nieuweGemeente ? { nieuweGemeente: brp!.nieuweGemeente } : {}) } };
  }
  if (budget === undefined) {
    return { ...base, diagnosis: row.budgetIdentificatie !== undefined ? 'geen-tkb' : 'niet-gevonden', detail: {} };
  }
  if (weak && (row.budgetIdentificatie !== undefined || row.zorgfunctie !== undefined)) {
    return { ...base, diagnosis: 'geen-tkb', detail: { bekendeBudgetten: (index.byPerson.get(bsnHash) ?? []).map((b) => b.budgetId) } };
  }
  // A row on a replaced budget is judged on the budget that replaced it.
  let b = budget;
  for (let hops = 0; b.state === 'gecorrigeerd' && b.vervangenDoor !== null && hops < 10; hops++) {
    const next = (index.byBudgetId.get(b.vervangenDoor) ?? []).find((x) => x.bsnHash === b.bsnHash && x.afzender === b.afzender);
    if (!next) break;
    b = next;
  }
  if (b.state === 'afgekeurd') {
    const codes = (b.retourCodes ?? '').split(',').filter((c) => c !== '');
    return { ...base, diagnosis: 'tkb-afgekeurd', detail: { budgetIdentificatie: b.budgetId, retourcodes: codes.map((code) => ({ code, betekenis: retourcodeMeaning(code) })) } };
  }
  if (b.state === 'verzonden') {
    return { ...base, diagnosis: 'geen-retour', detail: { budgetIdentificatie: b.budgetId, versie: b.versions, verzonden: new Date(b.updatedAt).toISOString() } };
  }
  const functies = b.functiebudgetten.filter((f) => !isWithdrawal(f) && (row.zorgfunctie === undefined || f.zorgfunctie === row.zorgfunctie));
  const others = (index.byPerson.get(b.bsnHash) ?? []).filter((o) => o !== b && o.afzender === b.afzender && inForce(o)
    && o.budgetId !== b.budgetIdOud && o.budgetIdOud !== b.budgetId);
  for (const f of functies) {
    for (const o of others) {
      const clash = o.functiebudgetten.find((g) => g.zorgfunctie === f.zorgfunctie && !isWithdrawal(g) && overlaps(f.begin, f.einde, g.begin, g.einde));
      if (clash) {
        return { ...base, diagnosis: 'overlappende-perioden', detail: { budgetIdentificatie: b.budgetId, zorgfunctie: f.zorgfunctie, periode: [f.begin, f.einde], anderBudget: o.budgetId, anderePeriode: [clash.begin, clash.einde] } };
      }
    }
  }
  const over = (index.overBudget.get(budgetKey(b)) ?? []).filter((o) => row.zorgfunctie === undefined || o.zorgfunctie === row.zorgfunctie);
  if (over.length > 0) {
    const o = over[0]!;
    return { ...base, diagnosis: 'boven-budget', detail: { budgetIdentificatie: b.budgetId, zorgfunctie: o.zorgfunctie, besteed: o.besteed, toegekend: o.toegekend, verschil: o.toegekend === null ? null : o.besteed - o.toegekend } };
  }
  return { ...base, diagnosis: 'onverklaard', detail: { budgetIdentificatie: b.budgetId, state: b.state } };
}
