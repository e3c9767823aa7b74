// The alert a subscriber receives: a CloudEvent in the NL GOV profile (CloudEvents 1.0, structured JSON
// mode), data-poor — the subscriber's own reference, what happened and when, for a move the new
// gemeentecode. A BSN only when the subscriber's configuration allows it (alerts.disclose).
import { createHash } from 'node:crypto';
import type { BrpEvent } from '../adapters/brp/classify/index.ts';

export const CLOUDEVENT_CONTENT_TYPE = 'application/cloudevents+json';
export const ALERT_TYPE_PREFIX = 'nl.ketenpoort.brp.';

export interface AlertData {
  /** The subscriber's own reference for the person (its waiting-list candidate), as it put it. */
  referentie?: string;
  gebeurtenis: BrpEvent['type'];
  /** The date of the fact (ISO 8601 at the precision known: YYYY-MM-DD, YYYY-MM or YYYY); absent when unknown. */
  datum?: string;
  /** 'dag' | 'maand' | 'jaar' | 'onbekend'. */
  datumPrecisie: string;
  /** Moves: the gemeente after the move (4 digits, CBS code), when the message names it. */
  nieuweGemeentecode?: string;
  /** Only when the subscriber may receive it. */
  burgerservicenummer?: string;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  data: AlertData;
}

export interface AlertInput {
  event: BrpEvent;
  referentie: string | null;
  /** Makes the id: the same (mutation, subscriber, event) gives the same CloudEvent id. */
  dedupKey: string;
  source: string;
  time: Date;
  /** Set only when the subscriber's `alerts.disclose` includes 'bsn'. */
  bsn?: string;
}

export function buildAlert(input: AlertInput): CloudEvent {
  const { event } = input;
  const data: AlertData = {
    ...(input.referentie !== null ? { referentie: input.referentie } : {}),
    gebeurtenis: event.type,
    ...(event.datum.iso !== null ? { datum: event.datum.iso } : {}),
    datumPrecisie: event.datum.precisie,
    ...(nieuweGemeentecode(event) ? { nieuweGemeentecode: nieuweGemeentecode(event)! } : {}),
    ...(input.bsn !== undefined ? { burgerservicenummer: input.bsn } : {}),
  };
  return {
    specversion: '1.0',
    id: nameBasedUuid(input.dedupKey),
    source: input.source,
    type: `${ALERT_TYPE_PREFIX}${event.type}`,
    time: input.time.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

function nieuweGemeentecode(event: BrpEvent): string | undefined {
  if (event.type === 'verhuisd.intergemeentelijk' || event.type === 'verhuisd.binnengemeentelijk') return event.nieuweGemeentecode;
  return undefined;
}

/** A UUID (version 8, RFC 9562 §5.8) from SHA-256 of a name: stable, so consumers may drop a repeat by id. */
export function nameBasedUuid(name: string): string {
  const b = createHash('sha256').update(`ketenpoort-alert:${name}`).digest().subarray(0, 16);
  b[6] = 0x80 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `urn:nld:oin:<OIN>:systeem:ketenpoort`, the NL GOV profile's recommended form of `source`. */
export function alertSource(gatewayOin: string | undefined): string {
  return gatewayOin ? `urn:nld:oin:${gatewayOin}:systeem:ketenpoort` : 'urn:nld:systeem:ketenpoort';
}
