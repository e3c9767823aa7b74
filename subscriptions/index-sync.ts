// Keeps the in-memory WatchIndex equal to the tables: loaded in full at setup (before any consumer runs),
// changed at once by this process's own writes, and brought up to date with other instances' writes by a
// poll on updated_at / created_at (several gateway instances may share one PostgreSQL).
import { db, type SubscriptionDeps } from './context.ts';
import { amsterdamDate, isActiveOn } from './dates.ts';
import { WatchIndex } from './watch-index.ts';

const PAGE = 10_000;
/** Rows written by another instance up to this long before our last poll are read again (clock skew, late commits). */
const OVERLAP_MS = 60_000;

export interface IndexLoadStats { volgindicaties: number; aliases: number; ms: number }

export async function loadWatchIndex(deps: Pick<SubscriptionDeps, 'store' | 'now'>, subscribers: readonly string[]): Promise<{ index: WatchIndex; stats: IndexLoadStats; loadedAt: number }> {
  const started = performance.now();
  const loadedAt = deps.now();
  const today = amsterdamDate(loadedAt);
  const d = db(deps);
  const count = await d.selectFrom('volgindicaties').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '!=', 'beeindigd').executeTakeFirstOrThrow();
  const index = new WatchIndex(subscribers, Number(count.n));
  let volgindicaties = 0;
  for (let after = ''; ;) {
    const rows = await d.selectFrom('volgindicaties').select(['id', 'subscriber', 'bsn_hash', 'status', 'einddatum'])
      .where('status', '!=', 'beeindigd').where('id', '>', after).orderBy('id').limit(PAGE).execute();
    for (const r of rows) if (isActiveOn(r, today)) index.set(r.bsn_hash, r.subscriber, true);
    volgindicaties += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  let aliases = 0;
  for (let after = ''; ;) {
    const rows = await d.selectFrom('anummer_aliases').select(['anummer_hash', 'bsn_hash'])
      .where('anummer_hash', '>', after).orderBy('anummer_hash').limit(PAGE).execute();
    for (const r of rows) index.alias(r.anummer_hash, r.bsn_hash);
    aliases += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.anummer_hash;
  }
  return { index, stats: { volgindicaties, aliases, ms: performance.now() - started }, loadedAt };
}

/** Applies what changed in the tables since the last poll (by any instance). */
export class IndexRefresher {
  private since: number;

  constructor(private readonly deps: Pick<SubscriptionDeps, 'store' | 'now' | 'index'>, loadedAt: number) {
    this.since = loadedAt;
  }

  async poll(): Promise<number> {
    const polledAt = this.deps.now();
    const from = this.since - OVERLAP_MS;
    const today = amsterdamDate(polledAt);
    const d = db(this.deps);
    let applied = 0;
    for (let after = ''; ;) {
      const rows = await d.selectFrom('volgindicaties').select(['id', 'subscriber', 'bsn_hash', 'status', 'einddatum'])
        .where('updated_at', '>=', from).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      for (const r of rows) this.deps.index.set(r.bsn_hash, r.subscriber, isActiveOn(r, today));
      applied += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
    const aliases = await d.selectFrom('anummer_aliases').select(['anummer_hash', 'bsn_hash']).where('created_at', '>=', from).execute();
    for (const r of aliases) this.deps.index.alias(r.anummer_hash, r.bsn_hash);
    this.since = polledAt;
    return applied + aliases.length;
  }
}
