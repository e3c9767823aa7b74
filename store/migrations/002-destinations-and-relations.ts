import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

// Where a message goes is stored with it, so the sweeper and the router never have to parse a payload
// again (and messages the gateway makes itself, such as retours and alerts, have a route at all).
// parent_id/relation link a message to the one it answers or replaces: a retour to its heen message,
// an edited copy to its original, an alert to the mutation that raised it. reason says why a message
// (refused at ingest) or a delivery (given up) is dead, so dead letters can be grouped by it.
export const destinationsAndRelations: Migration = {
  id: '002-destinations-and-relations',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('messages').addColumn('destinations', 'text').execute();
    await db.schema.alterTable('messages').addColumn('parent_id', 'text').execute();
    await db.schema.alterTable('messages').addColumn('relation', 'text').execute();
    // Why a message or a delivery ended dead: a rule id, 'xsd-invalid', 'http-400', 'attempts-exhausted', …
    await db.schema.alterTable('messages').addColumn('reason', 'text').execute();
    await db.schema.alterTable('deliveries').addColumn('reason', 'text').execute();
    await db.schema.createIndex('messages_parent_id').on('messages').column('parent_id').execute();
  },
};
