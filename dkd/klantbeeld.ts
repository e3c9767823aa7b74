// The klantbeeld: every dienst the caller may ask for this doelbinding, asked in parallel under one
// deadline, merged into one client view with a status per source. A source that fails or is slow makes the
// answer partial (and says which), never a failure of the whole.
import type { Dienst } from '../adapters/suwiml/index.ts';
import type { Partner } from '../config/partners.ts';
import { dienstenFor, type DkdLookups, type LookupInput, type LookupResult } from './lookup.ts';

export interface Klantbeeld {
  doelbinding: string;
  zaakreferentie?: string;
  /** Every source asked answered (found or nothing found). */
  volledig: boolean;
  /** The sources that did not answer usefully (timeout, unavailable, error, untrustworthy, FWI Fout, not entitled). */
  ontbrekend: Dienst[];
  bronnen: LookupResult[];
  /** Per dienst that found the client, its data. */
  klant: Partial<Record<Dienst, unknown>>;
}

const ANSWERED = new Set(['gevonden', 'niets-gevonden']);

/** The diensten the partner may ask for this doelbinding; empty = refuse. */
export function klantbeeldDiensten(partner: Partner, doelbinding: string): Dienst[] {
  return dienstenFor(partner, doelbinding);
}

export async function klantbeeld(lookups: DkdLookups, partner: Partner, input: LookupInput, opts: { requestId: string; timeoutMs: number }): Promise<Klantbeeld> {
  const diensten = klantbeeldDiensten(partner, input.doelbinding);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), opts.timeoutMs);
  try {
    const bronnen = await Promise.all(diensten.map((dienst) =>
      lookups.lookup(partner, dienst, { burgerservicenummer: input.burgerservicenummer, doelbinding: input.doelbinding, ...(input.zaakreferentie !== undefined ? { zaakreferentie: input.zaakreferentie } : {}) },
        { requestId: opts.requestId, signal: deadline.signal, klantbeeld: true })));
    const klant: Partial<Record<Dienst, unknown>> = {};
    for (const b of bronnen) if (b.antwoord?.kind === 'gevonden') klant[b.dienst] = b.antwoord.data;
    const ontbrekend = bronnen.filter((b) => !ANSWERED.has(b.outcome)).map((b) => b.dienst);
    return {
      doelbinding: input.doelbinding,
      ...(input.zaakreferentie !== undefined ? { zaakreferentie: input.zaakreferentie } : {}),
      volledig: ontbrekend.length === 0,
      ontbrekend,
      bronnen,
      klant,
    };
  } finally {
    clearTimeout(timer);
  }
}
