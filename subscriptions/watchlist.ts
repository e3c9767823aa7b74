// A subscriber's watchlist: volgindicaties kept in step with the afnemersindicaties at GBA-V and the
// in-memory index the matcher reads.
import type { Afnemersindicaties } from './afnemersindicaties.ts';
import type { SubscriptionDeps } from './context.ts';
import { amsterdamDate } from './dates.ts';
import type { PutOutcome, VolgindicatieInput, Volgindicaties } from './volgindicaties.ts';

export class Watchlist {
  constructor(
    private readonly deps: SubscriptionDeps,
    readonly volgindicaties: Volgindicaties,
    readonly afnemersindicaties: Afnemersindicaties,
  ) {}

  /** PUT /volgindicaties/{bsn}: places, changes or ends one, and sends the Ap01/Av01 that takes. */
  async put(subscriber: string, bsn: string, input: VolgindicatieInput): Promise<PutOutcome> {
    const out = await this.volgindicaties.put(subscriber, bsn, input);
    const bsnHash = out.row.bsn_hash;
    if (out.activated) await this.afnemersindicaties.ensure(bsnHash, bsn);
    this.deps.index.set(bsnHash, subscriber, this.volgindicaties.isActive(out.row));
    if (out.activated || out.ended) await this.afnemersindicaties.sync(bsnHash, out.activated, out.activated ? out.row.id : undefined);
    const row = (await this.volgindicaties.find(subscriber, bsnHash)) ?? out.row;
    return { ...out, row };
  }

  /** Ends it today (DELETE): the same as a PUT with einddatum today, keeping the reference. */
  async end(subscriber: string, bsn: string): Promise<PutOutcome | undefined> {
    const existing = await this.volgindicaties.find(subscriber, this.deps.store.bsnHash(bsn));
    if (existing === undefined) return undefined;
    return this.put(subscriber, bsn, { einddatum: amsterdamDate(this.deps.now()) });
  }

  /** Ends the volgindicaties whose einddatum has come (timer); Av01 where none is left on a person. */
  async expire(): Promise<number> {
    let total = 0;
    for (;;) {
      const ended = await this.volgindicaties.expire();
      for (const r of ended) this.deps.index.set(r.bsn_hash, r.subscriber, false);
      for (const bsnHash of new Set(ended.map((r) => r.bsn_hash))) await this.afnemersindicaties.sync(bsnHash);
      total += ended.length;
      if (ended.length === 0) return total;
    }
  }
}
