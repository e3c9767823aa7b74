// TR056 as a claim: every iPgb message a party sent holds its (afzender, berichtsoort, Identificatie) as a
// primary key in pgb_identificaties, inserted in the message's own transaction. A key another message holds —
// committed, earlier in the same batch, or in a concurrent transaction of another process, which PostgreSQL
// makes this one wait for — is TR056's finding, so two TKBs with one Identificatie can never both pass (a read
// could not tell them apart before either committed). A refused message's kept copy claims it too: an
// Identificatie is used once it has been sent (the iWmo/iJw claims, istandaarden/level3.ts, work the same way).
import type { Kysely } from 'kysely';
import { SVB_AFZENDER, type IpgbMessage } from '../adapters/ipgb/index.ts';
import type { PgbTables } from './tables.ts';

/** The sending party of a message for TR056: the gemeentecode for a 501/508, 'SVB' for a 502/507. */
export function identificatieAfzender(m: IpgbMessage): string {
  switch (m.nummer) {
    case '501': return m.header.afzender;
    case '508': return m.header.ontvanger;
    default: return SVB_AFZENDER;
  }
}

/** Claims the message's Identificatie in `trx`; false when another message holds it (TR056). */
export async function claimIdentificatie(trx: Kysely<any>, m: IpgbMessage, messageId: string, at: number): Promise<boolean> {
  const db = trx as Kysely<PgbTables>;
  const result = await db.insertInto('pgb_identificaties')
    .values({ afzender: identificatieAfzender(m), berichtsoort: m.type, identificatie: m.header.berichtIdentificatie.identificatie, message_id: messageId, at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
