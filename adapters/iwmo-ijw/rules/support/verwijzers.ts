import type { CanonicalMessage, Verwijzer } from '../../model/index.ts';

/** Verwijzer types that are a care professional (02 huisarts … 05 medisch specialist): CD066–CD068. */
export const ZORGVERLENER_TYPES: ReadonlySet<string> = new Set(['02', '03', '04', '05']);

/** The Verwijzer of every AangevraagdProduct of a 315; [] for other messages. */
export function verwijzers(msg: CanonicalMessage): Verwijzer[] {
  return msg.nummer === '315' ? msg.client.aangevraagdeProducten.map((p) => p.verwijzer) : [];
}
