// GET /wijzigingen (Haal Centraal BRP Update API, wijzigingen.feature): the BSNs of the subscriber's persons
// with a change during the current active period of their volgindicatie, on or after `vanaf`. A change is
// an alert sent to this subscriber; the day it counts on is the day the gateway learned of it. Reading it
// discloses that something happened to those persons, so every request is audited.
import type { Partner } from '../config/partners.ts';
import { db, type SubscriptionDeps } from './context.ts';
import { amsterdamDate } from './dates.ts';
import type { Volgindicaties } from './volgindicaties.ts';

export async function wijzigingen(deps: SubscriptionDeps, volgindicaties: Volgindicaties, subscriber: Partner, vanaf: string | undefined): Promise<string[]> {
  const today = amsterdamDate(deps.now());
  let query = db(deps).selectFrom('brp_alerts as a')
    .innerJoin('volgindicaties as v', 'v.id', 'a.volgindicatie_id')
    .select(['v.id', 'v.bsn_key_id', 'v.bsn_blob'])
    .distinct()
    .where('a.subscriber', '=', subscriber.name)
    .where('v.subscriber', '=', subscriber.name)
    .where('v.status', '!=', 'beeindigd')
    .where((eb) => eb.or([eb('v.einddatum', 'is', null), eb('v.einddatum', '>', today)]))
    .whereRef('a.dag', '>=', 'v.begindatum');
  if (vanaf !== undefined) query = query.where('a.dag', '>=', vanaf);
  const rows = await query.orderBy('v.id').execute();
  const bsns = rows.map((r) => volgindicaties.bsnOf(r));
  await deps.audit.record({
    actor: subscriber.name, actorOin: subscriber.oin, action: 'wijzigingen.view', subjectType: 'filter',
    subject: vanaf === undefined ? 'vanaf=' : `vanaf=${vanaf}`, personalData: bsns.length > 0,
    detail: { aantal: bsns.length, volgindicaties: rows.map((r) => r.id) },
  });
  return bsns;
}
