// BRP in the loop. The gateway follows every budgethouder with an active budget as its own internal
// subscriber of the subscriptions feature (subscriptions/internal.ts): a volgindicatie per person, so GBA-V
// sends its mutations and the subscriptions feature matches them (BSN or A-nummer) as it does for partners.
// The alerts come to the LocalConsumer `pgb-brp` here; a death, an emigration or a move out of the
// municipality becomes at once a worklist item "end or adjust the TKB" on each active budget of the person.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BrpEventType } from '../config/partners.ts';
import { PermanentFailure } from '../delivery/transport.ts';
import type { LocalConsumer } from '../feature.ts';
import type { Store } from '../store/index.ts';
import { InternalSubscription } from '../subscriptions/internal.ts';
import { brpDiagnosis } from './diagnoses.ts';
import { budgethouderAad, civilDate } from './ledger.ts';
import type { PgbTables } from './tables.ts';
import type { Worklist } from './worklist.ts';

export const PGB_BRP_CONSUMER = 'pgb-brp';

/** The pgb feature as a subscriber of the subscriptions feature: the events that end or change a budget. */
export const PGB_SUBSCRIPTION = new InternalSubscription({
  name: 'ketenpoort-pgb',
  consumer: PGB_BRP_CONSUMER,
  events: new Set<BrpEventType>(['overleden', 'geemigreerd', 'verhuisd.intergemeentelijk']),
});

/** States of a budget that is (still) in force or on its way there. */
export const ACTIVE_STATES = ['verzonden', 'geaccepteerd', 'afgekeurd'] as const;

const REFERENTIE_PREFIX = 'pgb:';

type Db = Kysely<PgbTables>;

/** Keeps one volgindicatie on every person with an active budget, and none on the others. */
export class BudgethouderFollower {
  constructor(private readonly deps: { store: Store; subscription: InternalSubscription; logger: Logger; now(): number }) {}

  private get db(): Db {
    return this.deps.store.tables<PgbTables>() as unknown as Db;
  }

  /** Brings the persons' volgindicaties in line with their budgets. Returns how many changed. */
  async sync(bsnHashes: readonly string[]): Promise<number> {
    const watchlist = this.deps.subscription.watchlist(this.deps.store);
    if (!watchlist) return 0;
    const today = civilDate(new Date(this.deps.now()));
    let changed = 0;
    for (const bsnHash of bsnHashes) {
      const person = await this.db.selectFrom('pgb_budgethouders').select(['bsn_key_id', 'bsn_blob', 'gevolgd']).where('bsn_hash', '=', bsnHash).executeTakeFirst();
      if (!person) continue;
      const active = await this.db.selectFrom('pgb_budgets').select('budget_id').where('bsn_hash', '=', bsnHash)
        .where('state', 'in', ACTIVE_STATES).where('periode_einde', '>=', today).limit(1).executeTakeFirst();
      const followed = Number(person.gevolgd) === 1;
      if ((active !== undefined) === followed) continue;
      const bsn = this.deps.store.unseal(budgethouderAad(bsnHash), person.bsn_key_id, Buffer.from(person.bsn_blob)).toString('utf8');
      if (active) await watchlist.follow(bsn, `${REFERENTIE_PREFIX}${bsnHash}`);
      else await watchlist.unfollow(bsn);
      await this.db.updateTable('pgb_budgethouders').set({ gevolgd: active ? 1 : 0, updated_at: this.deps.now() }).where('bsn_hash', '=', bsnHash).execute();
      changed++;
    }
    return changed;
  }

  /** Every person whose following is out of line (a budget's period ended, a crash between ledger and watchlist). */
  async syncAll(limit = 1000): Promise<number> {
    const today = civilDate(new Date(this.deps.now()));
    const activeBudget = (eb: any) => eb.selectFrom('pgb_budgets as b').select('b.budget_id').whereRef('b.bsn_hash', '=', 'h.bsn_hash')
      .where('b.state', 'in', ACTIVE_STATES).where('b.periode_einde', '>=', today);
    const rows = await this.db.selectFrom('pgb_budgethouders as h').select('h.bsn_hash')
      .where((eb) => eb.or([
        eb.and([eb('h.gevolgd', '=', 0), eb.exists(activeBudget(eb))]),
        eb.and([eb('h.gevolgd', '=', 1), eb.not(eb.exists(activeBudget(eb)))]),
      ])).limit(limit).execute();
    return this.sync(rows.map((r) => r.bsn_hash));
  }
}

interface AlertData { referentie?: string; gebeurtenis?: string; datum?: string; nieuweGemeentecode?: string }

/** The LocalConsumer the pgb feature's BRP alerts are delivered to. */
export function pgbBrpConsumer(deps: { store: Store; worklist: Worklist; eigenGemeenten: ReadonlySet<string>; logger: Logger; now(): number }): LocalConsumer {
  const db = () => deps.store.tables<PgbTables>() as unknown as Db;
  return {
    name: PGB_BRP_CONSUMER,
    async handle(req) {
      let data: AlertData;
      try {
        data = (JSON.parse(req.payload.toString('utf8')) as { data: AlertData }).data;
      } catch {
        throw new PermanentFailure('unreadable-alert', 'the alert is not a CloudEvent in JSON');
      }
      const ref = data?.referentie;
      if (typeof ref !== 'string' || !ref.startsWith(REFERENTIE_PREFIX) || typeof data.gebeurtenis !== 'string') {
        throw new PermanentFailure('not-a-pgb-alert', 'the alert carries no pgb reference');
      }
      const bsnHash = ref.slice(REFERENTIE_PREFIX.length);
      const diagnosis = brpDiagnosis(data.gebeurtenis, data.nieuweGemeentecode ?? null, deps.eigenGemeenten);
      if (diagnosis === undefined) return; // a move between the municipality's own codes
      const at = deps.now();
      await db().updateTable('pgb_budgethouders').set({
        brp_gebeurtenis: data.gebeurtenis, brp_datum: data.datum ?? null, brp_nieuwe_gemeente: data.nieuweGemeentecode ?? null, brp_at: at, updated_at: at,
      }).where('bsn_hash', '=', bsnHash).execute();
      const today = civilDate(new Date(at));
      const budgets = await db().selectFrom('pgb_budgets').select(['afzender', 'budget_id']).where('bsn_hash', '=', bsnHash)
        .where('state', 'in', ACTIVE_STATES).where('periode_einde', '>=', data.datum ?? today).execute();
      const detail = { gebeurtenis: data.gebeurtenis, ...(data.datum ? { datum: data.datum } : {}), ...(data.nieuweGemeentecode ? { nieuweGemeente: data.nieuweGemeentecode } : {}) };
      let raised = 0;
      for (const b of budgets) {
        const r = await deps.worklist.raise({ key: `${bsnHash}|${data.gebeurtenis}|${data.datum ?? ''}|${b.afzender}|${b.budget_id}`, source: 'brp', bsnHash, budget: { afzender: b.afzender, budgetId: b.budget_id }, diagnosis, detail });
        if (r.created) raised++;
      }
      deps.logger.info({ alert: req.messageId, gebeurtenis: data.gebeurtenis, budgets: budgets.length, raised }, 'pgb: BRP event on a budgethouder');
    },
  };
}

