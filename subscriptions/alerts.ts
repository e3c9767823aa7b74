// One alert per (mutation, subscriber, event type): recorded, audited as a disclosure, and emitted through
// the spine (stored, queued, delivered to the subscriber's endpoint with retries). The record is written
// first and the disclosure audited only when the record is new; the emit's dedup key makes a second emit
// of the same alert (a redelivered mutation, a crash in between) the same message.
import type { BrpEvent } from '../adapters/brp/classify/index.ts';
import type { Partner } from '../config/partners.ts';
import { buildAlert, CLOUDEVENT_CONTENT_TYPE } from './cloudevent.ts';
import { db, type SubscriptionDeps } from './context.ts';
import { amsterdamDate } from './dates.ts';
import type { VolgindicatieRow, Volgindicaties } from './volgindicaties.ts';

export const ALERT_FAMILY = 'brp-alert';

export interface AlertRequest {
  /** The mutation's message id (parent of the alert). */
  mutationId: string;
  /** The mutation's identity (consumers.ts mutationIdentity), not its bytes: the same mutation resent alerts once. */
  mutationKey: string;
  event: BrpEvent;
  volgindicatie: VolgindicatieRow;
  subscriber: Pick<Partner, 'name'> & Partial<Pick<Partner, 'delivery' | 'alerts'>>;
  /** An internal subscriber's LocalConsumer (subscriptions/internal.ts): the alert goes there, without any BSN. */
  destination?: string;
}

export type AlertOutcome = 'sent' | 'already-sent' | 'no-endpoint';

export class AlertSender {
  constructor(private readonly deps: SubscriptionDeps, private readonly volgindicaties: Volgindicaties) {}

  async send(req: AlertRequest): Promise<AlertOutcome> {
    const { store, ingest, audit, logger } = this.deps;
    const { event, volgindicatie, subscriber } = req;
    if (!subscriber.delivery && req.destination === undefined) {
      logger.warn({ subscriber: subscriber.name, gebeurtenis: event.type }, 'subscriber has no delivery endpoint; alert not sent');
      return 'no-endpoint';
    }
    const dedupKey = `alert:${req.mutationKey}:${subscriber.name}:${event.type}`;
    const now = this.deps.now();
    const inserted = await db(this.deps).insertInto('brp_alerts').values({
      mutatie_sleutel: req.mutationKey, subscriber: subscriber.name, gebeurtenis: event.type, mutatie_id: req.mutationId,
      volgindicatie_id: volgindicatie.id, bsn_hash: volgindicatie.bsn_hash, datum: event.datum.iso, alert_message_id: null,
      dag: amsterdamDate(now), created_at: now,
    }).onConflict((oc) => oc.columns(['mutatie_sleutel', 'subscriber', 'gebeurtenis']).doNothing()).executeTakeFirst();
    const isNew = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;

    const disclose = subscriber.alerts?.disclose ?? new Set();
    const bsn = this.volgindicaties.bsnOf(volgindicatie);
    if (isNew) {
      await audit.record({
        actor: 'ketenpoort', actorOin: this.deps.gatewayOin, action: 'alert.disclose',
        subjectType: 'volgindicatie', subject: volgindicatie.id, personalData: true,
        detail: { subscriber: subscriber.name, gebeurtenis: event.type, mutatie: req.mutationId, disclosed: [...disclose].sort() },
      }, now);
    }
    const cloudEvent = buildAlert({
      event, referentie: volgindicatie.referentie, dedupKey, source: this.deps.alertSource, time: new Date(now),
      ...(disclose.has('bsn') ? { bsn } : {}),
    });
    const { meta, duplicate } = await ingest.emit({
      family: ALERT_FAMILY, type: event.type, payload: Buffer.from(JSON.stringify(cloudEvent), 'utf8'),
      contentType: CLOUDEVENT_CONTENT_TYPE, destinations: [req.destination ?? subscriber.name], dedupKey,
      parentId: req.mutationId, relation: 'alert-of', correlationId: cloudEvent.id, bsns: [bsn],
    });
    if (isNew || !duplicate) {
      await db(this.deps).updateTable('brp_alerts').set({ alert_message_id: meta.id })
        .where('mutatie_sleutel', '=', req.mutationKey).where('subscriber', '=', subscriber.name).where('gebeurtenis', '=', event.type).execute();
    }
    return isNew ? 'sent' : 'already-sent';
  }
}
