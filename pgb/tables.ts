import type { DbInt } from '../store/index.ts';

// The pgb feature's tables (migrations.ts). A BSN is never stored in the clear: rows carry its keyed hash
// (store.bsnHash); the number itself is sealed once per person in pgb_budgethouders (the worklist shows it to
// an operator with personal-data, the BRP volgindicatie needs it).

export const BUDGET_STATES = ['verzonden', 'geaccepteerd', 'afgekeurd', 'gecorrigeerd', 'afgesloten'] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];

export const ITEM_STATUSES = ['open', 'in-behandeling', 'opgelost'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One row per person with (or once with) a budget. */
export interface PgbBudgethoudersTable {
  bsn_hash: string;
  bsn_key_id: string;
  bsn_blob: Buffer;
  /** 1 while the gateway keeps a volgindicatie on the person (an active budget). */
  gevolgd: number;
  /** The last BRP event that matters for a budget: overleden, geemigreerd, verhuisd.intergemeentelijk. */
  brp_gebeurtenis: string | null;
  brp_datum: string | null;
  brp_nieuwe_gemeente: string | null;
  brp_at: DbInt | null;
  updated_at: DbInt;
}

/** Per (verstrekker, budgethouder, BudgetIdentificatie) — the key TR574 makes unique. */
export interface PgbBudgetsTable {
  afzender: string;
  budget_id: string;
  bsn_hash: string;
  wet: string;
  budget_id_oud: string | null;
  state: BudgetState;
  versions: number;
  /** The budget that replaced this one (its BudgetIdentificatieOud names this one), once accepted. */
  vervangen_door: string | null;
  /** JSON FunctieBudgetRow[] of the latest TKB version (a TKB is full-state). */
  functiebudgetten: string;
  periode_begin: string;
  periode_einde: string;
  retour_codes: string | null;
  created_at: DbInt;
  updated_at: DbInt;
}

export interface FunctieBudgetRow { zorgfunctie: string; begin: string; einde: string; bedrag: number; vv: number | null }

/** Every TKB version of a budget, with its retour. */
export interface PgbTkbVersionsTable {
  afzender: string;
  budget_id: string;
  bsn_hash: string;
  version: number;
  message_id: string;
  berichtidentificatie: string;
  dagtekening: string;
  sent_at: DbInt;
  state: 'verzonden' | 'geaccepteerd' | 'afgekeurd';
  functiebudgetten: string;
  retour_message_id: string | null;
  retour_at: DbInt | null;
  /** Comma-separated PGB001 codes that reject (0200/0233 left out); null while no retour or when approved. */
  retour_codes: string | null;
}

/** One FunctieBudgetBesteed of a BAB, with what the ledger had granted for it. */
export interface PgbBabsTable {
  message_id: string;
  line: number;
  /** The BAB's BerichtIdentificatie (TR056 on 507s). */
  berichtidentificatie: string;
  afzender: string;
  budget_id: string;
  bsn_hash: string;
  zorgfunctie: string;
  begin: string;
  einde: string;
  reden: string;
  besteed: number;
  vv_besteed: number | null;
  ziekengeld: number | null;
  /** null when the ledger knows no such functiebudget (TR510). */
  toegekend: number | null;
  vv_toegekend: number | null;
  boven_budget: number;
  received_at: DbInt;
}

/** Process rules as deadlines: a retour expected on a TKB, a BAB expected 14 weeks after a period or after 31-12 (OP522). */
export interface PgbDeadlinesTable {
  id: string;
  kind: 'retour' | 'bab-einde' | 'bab-jaar';
  afzender: string;
  budget_id: string;
  bsn_hash: string;
  zorgfunctie: string | null;
  message_id: string | null;
  due_at: DbInt;
  met_at: DbInt | null;
  alerted_at: DbInt | null;
}

export interface PgbImportsTable {
  id: string;
  at: DbInt;
  actor: string;
  actor_oin: string;
  filename: string | null;
  content_type: string;
  layout: string;
  layout_version: string;
  sha256: string;
  /** The file itself, sealed (AES-256-GCM, aad = 'pgb-import:<id>'). */
  file_key_id: string;
  file_blob: Buffer;
  rows: number;
  valid_rows: number;
  matched: number;
  weak: number;
  unmatched: number;
  /** JSON: [{ row, column?, code, message }] — rows refused, never dropped silently. */
  rejected: string;
  /** JSON ImportSummary. */
  summary: string;
  closed: number;
}

export interface PgbItemsTable {
  id: string;
  /** Identifies "the same uitval" across lists: a hash of the row's keys (no BSN in the clear). */
  row_key: string;
  /** 'uitvallijst' | 'brp' | 'termijn' */
  source: string;
  import_id: string | null;
  last_import_id: string | null;
  row_number: number | null;
  bsn_hash: string;
  afzender: string | null;
  budget_id: string | null;
  row_budget_id: string | null;
  /** 'budgetidentificatie' | 'bsn-zorgfunctie-periode' | 'bsn' | 'geen' */
  match: string;
  weak: number;
  diagnosis: string;
  /** JSON detail of the diagnosis (retourcodes with meaning, amounts, BRP event). */
  detail: string;
  /** '' = the diagnosis's own suggested action (DIAGNOSES); set only where an item needs another text. */
  action: string;
  zorgfunctie: string | null;
  periode_begin: string | null;
  periode_einde: string | null;
  bedrag: number | null;
  svb_reden: string | null;
  status: string;
  status_by: string | null;
  status_at: DbInt | null;
  note: string | null;
  /** Why the gateway closed it: 'niet-meer-op-lijst'. */
  closed_reason: string | null;
  created_at: DbInt;
  updated_at: DbInt;
}

/** TR056: one row per (afzender, berichtsoort, Identificatie) an iPgb message used, refused messages too. */
export interface PgbIdentificatiesTable {
  /** The gemeentecode, or 'SVB' for a 502/507. */
  afzender: string;
  /** The message type: WMO501, JW507, … */
  berichtsoort: string;
  identificatie: string;
  /** The message (or kept refused copy) that holds it. */
  message_id: string;
  at: DbInt;
}

/** An import's reconciled rows while it reads its file (pgb/import.ts); gone once merged into pgb_items. */
export interface PgbImportRowsTable {
  import_id: string;
  seq: number;
  id: string;
  row_key: string;
  row_number: number | null;
  bsn_hash: string;
  bsn_key_id: string | null;
  bsn_blob: Buffer | null;
  afzender: string | null;
  budget_id: string | null;
  row_budget_id: string | null;
  match: string;
  weak: number;
  diagnosis: string;
  detail: string;
  zorgfunctie: string | null;
  periode_begin: string | null;
  periode_einde: string | null;
  bedrag: number | null;
  svb_reden: string | null;
}

export interface PgbTables {
  pgb_budgethouders: PgbBudgethoudersTable;
  pgb_budgets: PgbBudgetsTable;
  pgb_tkb_versions: PgbTkbVersionsTable;
  pgb_babs: PgbBabsTable;
  pgb_deadlines: PgbDeadlinesTable;
  pgb_imports: PgbImportsTable;
  pgb_items: PgbItemsTable;
  pgb_import_rows: PgbImportRowsTable;
  pgb_identificaties: PgbIdentificatiesTable;
}
