// Internal subscribers: other parts of the gateway (the pgb feature follows every budgethouder with an
// active budget) that keep volgindicaties like a subscriber partner does, through the same Watchlist — so
// the afnemersindicatie at GBA-V, the index and the matching are the subscriptions feature's — and receive
// their alerts on a LocalConsumer of their own instead of a partner endpoint. The composition root
// (ketenpoort.ts) hands the same InternalSubscription to both features; that object is the whole port.
import type { BrpEventType } from '../config/partners.ts';
import type { Store } from '../store/index.ts';

export interface InternalSubscriber {
  /** Its name in the volgindicaties table (never a partner's name). */
  readonly name: string;
  /** The LocalConsumer (of the other feature) its alerts are delivered to. */
  readonly consumer: string;
  readonly events: ReadonlySet<BrpEventType>;
}

/** What an internal subscriber may do with its own watchlist. */
export interface InternalWatchlist {
  /** Places (or keeps) a volgindicatie on the person; `referentie` comes back in every alert. */
  follow(bsn: string, referentie: string): Promise<void>;
  /** Ends it today. */
  unfollow(bsn: string): Promise<void>;
}

/** The meeting point of the subscriptions feature and one internal subscriber, per running gateway (store). */
export class InternalSubscription {
  private readonly watchlists = new WeakMap<Store, InternalWatchlist>();

  constructor(readonly subscriber: InternalSubscriber) {}

  /** Called by the subscriptions feature at setup. */
  attach(store: Store, watchlist: InternalWatchlist): void {
    this.watchlists.set(store, watchlist);
  }

  /** The watchlist of the gateway that uses this store; undefined when the subscriptions feature does not run. */
  watchlist(store: Store): InternalWatchlist | undefined {
    return this.watchlists.get(store);
  }
}
