import { sql, type Kysely } from 'kysely';
import type { Migration } from '../store/index.ts';
import { BUDGET_STATES, ITEM_STATUSES } from './tables.ts';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const pgbMigrations: readonly Migration[] = [
  {
    id: 'pgb/001-ledger-and-worklist',
    async up(db: Kysely<any>, dialect) {
      const blob = dialect === 'postgres' ? 'bytea' : 'blob';
      await db.schema.createTable('pgb_budgethouders')
        .addColumn('bsn_hash', 'text', (c) => c.primaryKey())
        .addColumn('bsn_key_id', 'text', (c) => c.notNull())
        .addColumn('bsn_blob', blob, (c) => c.notNull())
        .addColumn('gevolgd', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('brp_gebeurtenis', 'text')
        .addColumn('brp_datum', 'text')
        .addColumn('brp_nieuwe_gemeente', 'text')
        .addColumn('brp_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema.createTable('pgb_budgets')
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('wet', 'text', (c) => c.notNull())
        .addColumn('budget_id_oud', 'text')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(BUDGET_STATES)})`))
        .addColumn('versions', 'integer', (c) => c.notNull())
        .addColumn('vervangen_door', 'text')
        .addColumn('functiebudgetten', 'text', (c) => c.notNull())
        .addColumn('periode_begin', 'text', (c) => c.notNull())
        .addColumn('periode_einde', 'text', (c) => c.notNull())
        .addColumn('retour_codes', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pgb_budgets_pk', ['afzender', 'bsn_hash', 'budget_id'])
        .execute();
      await db.schema.createIndex('pgb_budgets_budget_id').on('pgb_budgets').column('budget_id').execute();
      await db.schema.createIndex('pgb_budgets_bsn_hash').on('pgb_budgets').column('bsn_hash').execute();

      await db.schema.createTable('pgb_tkb_versions')
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('berichtidentificatie', 'text', (c) => c.notNull())
        .addColumn('dagtekening', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('functiebudgetten', 'text', (c) => c.notNull())
        .addColumn('retour_message_id', 'text')
        .addColumn('retour_at', 'bigint')
        .addColumn('retour_codes', 'text')
        .addPrimaryKeyConstraint('pgb_tkb_versions_pk', ['afzender', 'bsn_hash', 'budget_id', 'version'])
        .execute();
      await db.schema.createIndex('pgb_tkb_versions_identificatie').on('pgb_tkb_versions').columns(['afzender', 'berichtidentificatie']).execute();

      await db.schema.createTable('pgb_babs')
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('berichtidentificatie', 'text', (c) => c.notNull())
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('zorgfunctie', 'text', (c) => c.notNull())
        .addColumn('begin', 'text', (c) => c.notNull())
        .addColumn('einde', 'text', (c) => c.notNull())
        .addColumn('reden', 'text', (c) => c.notNull())
        .addColumn('besteed', 'bigint', (c) => c.notNull())
        .addColumn('vv_besteed', 'bigint')
        .addColumn('ziekengeld', 'bigint')
        .addColumn('toegekend', 'bigint')
        .addColumn('vv_toegekend', 'bigint')
        .addColumn('boven_budget', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pgb_babs_pk', ['message_id', 'line'])
        .execute();
      await db.schema.createIndex('pgb_babs_budget').on('pgb_babs').columns(['budget_id', 'bsn_hash']).execute();
      await db.schema.createIndex('pgb_babs_identificatie').on('pgb_babs').columns(['berichtidentificatie']).execute();

      await db.schema.createTable('pgb_deadlines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('zorgfunctie', 'text')
        .addColumn('message_id', 'text')
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('met_at', 'bigint')
        .addColumn('alerted_at', 'bigint')
        .execute();
      await db.schema.createIndex('pgb_deadlines_open').on('pgb_deadlines').columns(['met_at', 'alerted_at', 'due_at']).execute();
      await db.schema.createIndex('pgb_deadlines_budget').on('pgb_deadlines').columns(['afzender', 'budget_id', 'bsn_hash']).execute();

      await db.schema.createTable('pgb_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_oin', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('layout_version', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('file_key_id', 'text', (c) => c.notNull())
        .addColumn('file_blob', blob, (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('valid_rows', 'integer', (c) => c.notNull())
        .addColumn('matched', 'integer', (c) => c.notNull())
        .addColumn('weak', 'integer', (c) => c.notNull())
        .addColumn('unmatched', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('closed', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pgb_imports_at').on('pgb_imports').column('at').execute();

      await db.schema.createTable('pgb_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('row_key', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text')
        .addColumn('last_import_id', 'text')
        .addColumn('row_number', 'integer')
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('afzender', 'text')
        .addColumn('budget_id', 'text')
        .addColumn('row_budget_id', 'text')
        .addColumn('match', 'text', (c) => c.notNull())
        .addColumn('weak', 'integer', (c) => c.notNull())
        .addColumn('diagnosis', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('zorgfunctie', 'text')
        .addColumn('periode_begin', 'text')
        .addColumn('periode_einde', 'text')
        .addColumn('bedrag', 'bigint')
        .addColumn('svb_reden', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(ITEM_STATUSES)})`))
        .addColumn('status_by', 'text')
        .addColumn('status_at', 'bigint')
        .addColumn('note', 'text')
        .addColumn('closed_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // Only what a lookup by key needs: the worklist's filters scan (a few hundred thousand rows at most), and
      // every extra index is paid on each of an import's 100,000 upserts.
      await db.schema.createIndex('pgb_items_bsn_hash').on('pgb_items').column('bsn_hash').execute();
    },
  },
  {
    // TR056 as a claim (pgb/identificaties.ts): a unique key instead of a read of the ledger, so two TKBs with
    // one Identificatie cannot both pass, and a refused message uses its Identificatie up. The ledger's own
    // Identificaties are carried over.
    id: 'pgb/002-identificaties',
    async up(db: Kysely<any>) {
      await db.schema.createTable('pgb_identificaties')
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('berichtsoort', 'text', (c) => c.notNull())
        .addColumn('identificatie', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pgb_identificaties_pk', ['afzender', 'berichtsoort', 'identificatie'])
        .execute();
      await sql`insert into pgb_identificaties (afzender, berichtsoort, identificatie, message_id, at)
        select v.afzender, case when b.wet = 'jw' then 'JW501' else 'WMO501' end, v.berichtidentificatie, min(v.message_id), min(v.sent_at)
        from pgb_tkb_versions v join pgb_budgets b on b.afzender = v.afzender and b.bsn_hash = v.bsn_hash and b.budget_id = v.budget_id
        group by v.afzender, case when b.wet = 'jw' then 'JW501' else 'WMO501' end, v.berichtidentificatie`.execute(db);
      await sql`insert into pgb_identificaties (afzender, berichtsoort, identificatie, message_id, at)
        select 'SVB', case when min(b.wet) = 'jw' then 'JW507' else 'WMO507' end, x.berichtidentificatie, min(x.message_id), min(x.received_at)
        from pgb_babs x left join pgb_budgets b on b.afzender = x.afzender and b.bsn_hash = x.bsn_hash and b.budget_id = x.budget_id
        group by x.berichtidentificatie`.execute(db);
    },
  },
  {
    // An uitvallijst import stages its reconciled rows here in short transactions while it reads the file, then
    // merges them into pgb_items in one transaction (pgb/import.ts): a list is there completely or not at all,
    // without holding the store for the whole read. Append-only while staging: only the primary key, in order.
    id: 'pgb/003-import-staging',
    async up(db: Kysely<any>, dialect) {
      const blob = dialect === 'postgres' ? 'bytea' : 'blob';
      await db.schema.createTable('pgb_import_rows')
        .addColumn('import_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('row_key', 'text', (c) => c.notNull())
        .addColumn('row_number', 'integer')
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        // The sealed BSN, on the first row of a person the ledger does not know yet (for pgb_budgethouders).
        .addColumn('bsn_key_id', 'text')
        .addColumn('bsn_blob', blob)
        .addColumn('afzender', 'text')
        .addColumn('budget_id', 'text')
        .addColumn('row_budget_id', 'text')
        .addColumn('match', 'text', (c) => c.notNull())
        .addColumn('weak', 'integer', (c) => c.notNull())
        .addColumn('diagnosis', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('zorgfunctie', 'text')
        .addColumn('periode_begin', 'text')
        .addColumn('periode_einde', 'text')
        .addColumn('bedrag', 'bigint')
        .addColumn('svb_reden', 'text')
        .addPrimaryKeyConstraint('pgb_import_rows_pk', ['import_id', 'seq'])
        .execute();
    },
  },
];
