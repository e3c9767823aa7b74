// The two destinations inside the gateway that BRP messages from GBA-V (and StUF-BG kennisgevingen) are
// routed to: the answers on our Ap01/Av01, and every mutation, matched against the watchlists.
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
      if (c.soort === 'mutatie') await recordClassification(deps, req.messageId, c);
      if (c.soort !== 'mutatie' || c.events.length === 0) return;
      const matches = matchMutation(c, deps.index, hasher);
      for (const m of matches) {
        const bsnHash = await confirmPerson(m, afnemersindicaties);
        if (bsnHash === undefined) continue;
        await keepKeysCurrent(m, bsnHash, afnemersindicaties, deps);
        const mutationKey = mutationIdentity(deps, m);
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
        // Ng01: after its alert, the indicatie and the volgindicaties on the PL are gone, and the subscribers see so.
        if (m.event.type === 'pl-afgevoerd') {
          await afnemersindicaties.afgevoerd(bsnHash);
          for (const v of await volgindicaties.afgevoerd(bsnHash)) deps.index.set(bsnHash, v.subscriber, false);
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

/**
 * What makes a mutation the same mutation, whatever bytes carry it (another random key, another element order,
 * another envelope): the person (A-nummer, else BSN), the event, its date and what changed (the classifier's
 * rule and the event's values: new gemeente, land, reden, A-nummers). Keyed (HMAC), since it holds a BSN or
 * A-nummer, and used as the alert's dedup key.
 */
export function mutationIdentity(deps: Pick<SubscriptionDeps, 'store'>, m: EventMatch): string {
  const { persoon: _persoon, datum, ...rest } = m.event;
  const wat = Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const wie = m.keys.anummer !== undefined ? `a:${m.keys.anummer}` : `b:${m.keys.bsn ?? ''}`;
  const extra = m.event.type === 'anummer-gewijzigd' ? [m.event.persoon.vorigAnummer, m.event.persoon.anummer] : [];
  return deps.store.bsnHash(JSON.stringify(['brp-mutatie', wie, datum.bron, wat, extra]));
}

/** The classifier's verdict in the message's history: the events it raised and why the rest raised none. */
async function recordClassification(deps: SubscriptionDeps, messageId: string, c: Extract<BrpClassificatie, { soort: 'mutatie' }>): Promise<void> {
  const detail = {
    events: c.events.map((e) => e.type),
    ...(c.events.length === 0 ? { alert: false } : {}),
    genegeerd: c.genegeerd.map((g) => ({ reden: g.reden, toelichting: g.toelichting, ...(g.rubriek ? { rubriek: g.rubriek } : {}) })),
  };
  // A redelivered mutation is classified once in its history.
  if ((await deps.store.events(messageId)).some((e) => e.type === 'brp-classified')) return;
  await deps.store.addEvent(messageId, 'brp-classified', detail);
}

/** Wa11: the new A-nummer becomes the person's (the old one stays an alias). */
async function keepKeysCurrent(m: EventMatch, bsnHash: string, afnemersindicaties: Afnemersindicaties, deps: SubscriptionDeps): Promise<void> {
  const event: BrpEvent = m.event;
  if (event.type === 'anummer-gewijzigd') await afnemersindicaties.rememberAnummer(bsnHash, event.persoon.anummer, 'Wa11');
  else if (m.match.via === 'bsn' && m.keys.anummer !== undefined && deps.index.watchersByAnummer(anummerHash(deps.store, m.keys.anummer)).length === 0) {
    await afnemersindicaties.rememberAnummer(bsnHash, m.keys.anummer, 'mutatie');
  }
}

async function personOf(deps: SubscriptionDeps, afnemersindicaties: Afnemersindicaties, keys: { bsn?: string; anummer?: string }): Promise<string | undefined> {
  if (keys.bsn !== undefined) {
    const bsnHash = deps.store.bsnHash(keys.bsn);
    if (await afnemersindicaties.find(bsnHash)) return bsnHash;
  }
  if (keys.anummer !== undefined) return afnemersindicaties.personOfAnummer(keys.anummer);
  return undefined;
}
