// The two destinations inside the gateway that BRP messages from GBA-V (and StUF-BG kennisgevingen) are
// routed to: the answers on our Ap01/Av01, and every mutation, matched against the watchlists.
import { createHash } from 'node:crypto';
import type { AcceptedMessage } from '../adapters/types.ts';
import type { BrpClassificatie, BrpEvent } from '../adapters/brp/classify/index.ts';
import { BRP_EVENT_TYPES } from '../config/partners.ts';
import type { DeliveryRequest } from '../delivery/client.ts';
import { PermanentFailure } from '../delivery/transport.ts';
import type { LocalConsumer } from '../feature.ts';
import type { Afnemersindicaties } from './afnemersindicaties.ts';
import type { AlertSender } from './alerts.ts';
import { classifyBody } from './classify-body.ts';
import { anummerHash, type SubscriptionDeps } from './context.ts';
import { matchMutation, type EventMatch, type KeyHasher } from './matching.ts';
import type { Volgindicaties } from './volgindicaties.ts';
import type { InternalSubscriber } from './internal.ts';

export const BRP_FAMILY = 'brp';
/** Answers on the gateway's own Ap01 / Av01. */
export const ANSWER_TYPES: ReadonlySet<string> = new Set(['Ag01', 'Af01', 'Af11']);
/** What an afnemer sends, never receives. */
const OUTGOING_TYPES: ReadonlySet<string> = new Set(['Ap01', 'Av01']);

export const ANSWERS_CONSUMER = 'brp-antwoorden';
export const MUTATIONS_CONSUMER = 'brp-mutaties';

const ALL_EVENTS: ReadonlySet<string> = new Set(BRP_EVENT_TYPES);

export interface ConsumerParts {
  deps: SubscriptionDeps; afnemersindicaties: Afnemersindicaties; volgindicaties: Volgindicaties; alerts: AlertSender;
  /** Internal subscribers by name (subscriptions/internal.ts). */
  internal?: ReadonlyMap<string, InternalSubscriber>;
}

function classify(req: DeliveryRequest): BrpClassificatie {
  try {
    return classifyBody(req.payload);
  } catch (err) {
    // The adapter accepted it at ingest, so this is a defect, not bad input; the error names no value.
    throw new PermanentFailure('unreadable-brp-message', `the stored ${req.type} could not be read again: ${(err as Error).name}`);
  }
}

/** Ag01 / Af01 / Af11 → the volgindicaties' status (placed, refused with reason). */
export function answersConsumer(parts: ConsumerParts): LocalConsumer {
  const { deps, afnemersindicaties } = parts;
  return {
    name: ANSWERS_CONSUMER,
    matches: (m: AcceptedMessage) => m.family === BRP_FAMILY && ANSWER_TYPES.has(m.type),
    async handle(req) {
      const c = classify(req);
      if (c.soort !== 'antwoord') throw new PermanentFailure('not-an-answer', `${req.type} is not an answer on an afnemersindicatie`);
      const bsnHash = await personOf(deps, afnemersindicaties, c.persoon);
      if (bsnHash === undefined) {
        throw new PermanentFailure('unknown-person', `${c.berichtType} names no person with an afnemersindicatie of this gateway`);
      }
      const a = c.antwoord;
      if (a.antwoord === 'geplaatst') return afnemersindicaties.placed(bsnHash, c.persoon.anummer);
      const reden = { code: a.foutreden, ...(a.foutredenOmschrijving ? { omschrijving: a.foutredenOmschrijving } : {}) };
      if (a.antwoord === 'plaatsen-geweigerd') return afnemersindicaties.refused(bsnHash, reden);
      return afnemersindicaties.removalRefused(bsnHash, reden);
    },
  };
}

/** Every other BRP message: classified, matched on BSN / A-nummer, one alert per interested subscriber and event. */
export function mutationsConsumer(parts: ConsumerParts): LocalConsumer {
  const { deps, afnemersindicaties, volgindicaties, alerts } = parts;
  const hasher: KeyHasher = { bsn: (b) => deps.store.bsnHash(b), anummer: (a) => anummerHash(deps.store, a) };
  return {
    name: MUTATIONS_CONSUMER,
    matches: (m: AcceptedMessage) => m.family === BRP_FAMILY && !ANSWER_TYPES.has(m.type) && !OUTGOING_TYPES.has(m.type),
    async handle(req) {
      const c = classify(req);
      if (c.soort !== 'mutatie' || c.events.length === 0) return;
      const matches = matchMutation(c, deps.index, hasher);
      if (matches.length === 0) return;
      const mutationKey = createHash('sha256').update(req.payload).digest('hex');
      for (const m of matches) {
        const bsnHash = await confirmPerson(m, afnemersindicaties);
        if (bsnHash === undefined) continue;
        await keepKeysCurrent(m, bsnHash, afnemersindicaties, deps);
        for (const v of await volgindicaties.activeOnPerson(bsnHash)) {
          if (v.status === 'geweigerd') continue; // GBA-V refused to let us follow this person (Af01): neither do we
          const own = parts.internal?.get(v.subscriber);
          if (own !== undefined) {
            if (!own.events.has(m.event.type)) continue;
            await alerts.send({ mutationId: req.messageId, mutationKey, event: m.event, volgindicatie: v, subscriber: { name: own.name }, destination: own.consumer });
            continue;
          }
          const subscriber = deps.partners.byName(v.subscriber);
          if (subscriber?.role !== 'subscriber') continue;
          if (!(subscriber.alerts?.events ?? ALL_EVENTS).has(m.event.type)) continue;
          await alerts.send({ mutationId: req.messageId, mutationKey, event: m.event, volgindicatie: v, subscriber });
        }
      }
    },
  };
}

/** The full BSN hash of the matched person (the index keys only 64 bits of it). */
async function confirmPerson(m: EventMatch, afnemersindicaties: Afnemersindicaties): Promise<string | undefined> {
  if (m.match.via === 'bsn') return m.match.bsnHash;
  for (const anummer of [m.keys.vorigAnummer, m.keys.anummer]) {
    if (anummer === undefined) continue;
    const bsnHash = await afnemersindicaties.personOfAnummer(anummer);
    if (bsnHash !== undefined) return bsnHash;
  }
  return undefined;
}

/** Wa11: the new A-nummer becomes the person's (the old one stays an alias); Ng01: the indicatie is gone with the PL. */
async function keepKeysCurrent(m: EventMatch, bsnHash: string, afnemersindicaties: Afnemersindicaties, deps: SubscriptionDeps): Promise<void> {
  const event: BrpEvent = m.event;
  if (event.type === 'anummer-gewijzigd') await afnemersindicaties.rememberAnummer(bsnHash, event.persoon.anummer, 'Wa11');
  else if (m.match.via === 'bsn' && m.keys.anummer !== undefined && deps.index.watchersByAnummer(anummerHash(deps.store, m.keys.anummer)).length === 0) {
    await afnemersindicaties.rememberAnummer(bsnHash, m.keys.anummer, 'mutatie');
  }
  if (event.type === 'pl-afgevoerd') await afnemersindicaties.afgevoerd(bsnHash);
}

async function personOf(deps: SubscriptionDeps, afnemersindicaties: Afnemersindicaties, keys: { bsn?: string; anummer?: string }): Promise<string | undefined> {
  if (keys.bsn !== undefined) {
    const bsnHash = deps.store.bsnHash(keys.bsn);
    if (await afnemersindicaties.find(bsnHash)) return bsnHash;
  }
  if (keys.anummer !== undefined) return afnemersindicaties.personOfAnummer(keys.anummer);
  return undefined;
}
