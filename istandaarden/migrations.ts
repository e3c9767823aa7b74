import type { Kysely } from 'kysely';
import type { Migration } from '../store/index.ts';

// The register of what earlier messages said, for the level-3 rules (berichtoverstijgend, IV032) and the
// deadline monitor. Keys are the standard's own; a BSN appears only as its keyed hash. `reservation` ties
// rows to the ingest that wrote them, so an ingest that fails after its checks can take them back.
export const istandaardenMigrations: readonly Migration[] = [
  {
    id: 'istandaarden/001-register',
    async up(db: Kysely<any>) {
      await db.schema.createTable('iv_identificaties')
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('berichtcode', 'text', (c) => c.notNull())
        .addColumn('identificatie', 'text', (c) => c.notNull())
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_identificaties_pk', ['afzender', 'berichtcode', 'identificatie'])
        .execute();
      await db.schema.createTable('iv_toewijzingen')
        .addColumn('domein', 'text', (c) => c.notNull())
        .addColumn('gemeente', 'text', (c) => c.notNull())
        .addColumn('toewijzing_nummer', 'text', (c) => c.notNull())
        .addColumn('aanbieder', 'text', (c) => c.notNull())
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_toewijzingen_pk', ['domein', 'gemeente', 'toewijzing_nummer'])
        .execute();
      await db.schema.createTable('iv_starts')
        .addColumn('domein', 'text', (c) => c.notNull())
        .addColumn('gemeente', 'text', (c) => c.notNull())
        .addColumn('toewijzing_nummer', 'text', (c) => c.notNull())
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_starts_pk', ['domein', 'gemeente', 'toewijzing_nummer'])
        .execute();
      await db.schema.createTable('iv_referenties')
        .addColumn('domein', 'text', (c) => c.notNull())
        .addColumn('aanbieder', 'text', (c) => c.notNull())
        .addColumn('referentie', 'text', (c) => c.notNull())
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_referenties_pk', ['domein', 'aanbieder', 'referentie'])
        .execute();
      await db.schema.createTable('iv_declaraties')
        .addColumn('domein', 'text', (c) => c.notNull())
        .addColumn('aanbieder', 'text', (c) => c.notNull())
        .addColumn('declaratie_nummer', 'text', (c) => c.notNull())
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_declaraties_pk', ['domein', 'aanbieder', 'declaratie_nummer'])
        .execute();
      // One row per answer a heen message waits for (a 315 waits for its 316 and for a 301 or 319).
      await db.schema.createTable('iv_wachtend')
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('antwoord_types', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('identificatie', 'text', (c) => c.notNull())
        .addColumn('referenties', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('answered_at', 'bigint')
        .addColumn('answer_id', 'text')
        .addColumn('alerted_at', 'bigint')
        .addPrimaryKeyConstraint('iv_wachtend_pk', ['message_id', 'antwoord_types'])
        .execute();
      await db.schema.createIndex('iv_wachtend_open').on('iv_wachtend').columns(['answered_at', 'alerted_at', 'due_at']).execute();
      await db.schema.createIndex('iv_wachtend_heen').on('iv_wachtend').columns(['afzender', 'identificatie']).execute();
    },
  },
  {
    // Start and stop deliveries (305/307) by their logical key (IV008), so a StatusAanlevering 3 can find the
    // delivery it deletes (TR063) and a deletion leaves the corrected state behind. Replaces iv_starts, whose
    // rows (one per toewijzing, without client, product or Begindatum) cannot be carried over to a key.
    id: 'istandaarden/002-leveringen',
    async up(db: Kysely<any>) {
      await db.schema.createTable('iv_leveringen')
        .addColumn('domein', 'text', (c) => c.notNull())
        .addColumn('gemeente', 'text', (c) => c.notNull())
        .addColumn('aanbieder', 'text', (c) => c.notNull())
        .addColumn('soort', 'text', (c) => c.notNull()) // 'start' | 'stop'
        .addColumn('bsn_hash', 'text', (c) => c.notNull())
        .addColumn('toewijzing_nummer', 'text', (c) => c.notNull()) // '' without a toewijzing (taakgericht)
        .addColumn('product', 'text', (c) => c.notNull()) // 'categorie|code'
        .addColumn('begindatum', 'text', (c) => c.notNull())
        .addColumn('reden', 'text', (c) => c.notNull()) // RedenBeeindiging of a stop; '' for a start
        .addColumn('reservation', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_leveringen_pk', ['domein', 'gemeente', 'aanbieder', 'soort', 'bsn_hash', 'toewijzing_nummer', 'product', 'begindatum', 'reden'])
        .execute();
      await db.schema.dropTable('iv_starts').execute();
    },
  },
  {
    // The ReferentieAanbieder values a waiting 315/317 is answered on, one row each, so the 301 or 319 that
    // answers finds its waiting rows by key. Before, it searched iv_wachtend by `referenties like '%,ref,%'`,
    // which read every waiting row of the aanbieder: a cost per message that grew with the register.
    id: 'istandaarden/003-wachtend-referenties',
    async up(db: Kysely<any>) {
      await db.schema.createTable('iv_wachtend_referenties')
        .addColumn('afzender', 'text', (c) => c.notNull())
        .addColumn('referentie', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('antwoord_types', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iv_wachtend_referenties_pk', ['afzender', 'referentie', 'message_id', 'antwoord_types'])
        .execute();
      const open = await db.selectFrom('iv_wachtend').select(['afzender', 'referenties', 'message_id', 'antwoord_types'])
        .where('answered_at', 'is', null).where('referenties', 'is not', null).execute();
      const rows = open.flatMap((w: { afzender: string; referenties: string; message_id: string; antwoord_types: string }) =>
        [...new Set(w.referenties.split(',').filter((r) => r !== ''))].map((referentie) => ({ afzender: w.afzender, referentie, message_id: w.message_id, antwoord_types: w.antwoord_types })));
      for (let i = 0; i < rows.length; i += 200) {
        await db.insertInto('iv_wachtend_referenties').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
      }
      // The comma list had no other reader.
      await db.schema.alterTable('iv_wachtend').dropColumn('referenties').execute();
    },
  },
];

interface Reserved { reservation: string; at: number | string }

export interface IstandaardenTables {
  iv_identificaties: Reserved & { afzender: string; berichtcode: string; identificatie: string };
  iv_toewijzingen: Reserved & { domein: string; gemeente: string; toewijzing_nummer: string; aanbieder: string; bsn_hash: string };
  iv_leveringen: Reserved & {
    domein: string; gemeente: string; aanbieder: string; soort: 'start' | 'stop'; bsn_hash: string;
    toewijzing_nummer: string; product: string; begindatum: string; reden: string;
  };
  iv_referenties: Reserved & { domein: string; aanbieder: string; referentie: string };
  iv_declaraties: Reserved & { domein: string; aanbieder: string; declaratie_nummer: string };
  iv_wachtend_referenties: { afzender: string; referentie: string; message_id: string; antwoord_types: string };
  iv_wachtend: {
    message_id: string; antwoord_types: string; type: string; afzender: string; identificatie: string;
    received_at: number | string; due_at: number | string; answered_at: number | string | null; answer_id: string | null; alerted_at: number | string | null;
  };
}
