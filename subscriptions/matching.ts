// Which watched person a BRP event is about: by BSN (keyed hash), else by A-nummer as an alias (a Gv01
// names the person by A-nummer in its header and often carries no BSN; after a Wa11 the old A-nummer
// still leads to the same person). The in-memory index answers "is anyone watching?" without the database.
import type { BrpClassificatie, BrpEvent, BrpPersoonSleutels } from '../adapters/brp/classify/index.ts';
import type { WatchIndex } from './watch-index.ts';

export interface KeyHasher {
  bsn(bsn: string): string;
  anummer(anummer: string): string;
}

export type IndexMatch =
  | { via: 'bsn'; bsnHash: string; watchers: string[] }
  | { via: 'anummer'; anummerHash: string; watchers: string[] };

/** The keys an event is matched on: its own, completed from the message's. */
export function keysOf(event: BrpEvent, classification: BrpClassificatie): BrpPersoonSleutels {
  return { ...classification.persoon, ...event.persoon };
}

/** The watchers of the person the keys name, as far as the index knows; undefined when nobody watches. */
export function matchInIndex(keys: BrpPersoonSleutels, index: WatchIndex, hash: KeyHasher): IndexMatch | undefined {
  if (keys.bsn !== undefined) {
    const bsnHash = hash.bsn(keys.bsn);
    const watchers = index.watchersOf(bsnHash);
    if (watchers.length > 0) return { via: 'bsn', bsnHash, watchers };
  }
  for (const anummer of [keys.vorigAnummer, keys.anummer]) {
    if (anummer === undefined) continue;
    const anummerHash = hash.anummer(anummer);
    const watchers = index.watchersByAnummer(anummerHash);
    if (watchers.length > 0) return { via: 'anummer', anummerHash, watchers };
  }
  return undefined;
}

export interface EventMatch { event: BrpEvent; keys: BrpPersoonSleutels; match: IndexMatch }

/** Every event of a classified mutation that concerns a watched person. */
export function matchMutation(classification: BrpClassificatie, index: WatchIndex, hash: KeyHasher): EventMatch[] {
  const out: EventMatch[] = [];
  for (const event of classification.events) {
    const keys = keysOf(event, classification);
    const match = matchInIndex(keys, index, hash);
    if (match !== undefined) out.push({ event, keys, match });
  }
  return out;
}
