// Replay jobs: a selection (ids) or a filter, worked through in key order at a paced rate, with progress kept
// in cockpit_replay_jobs so the CLI and the web cockpit can poll it (on any gateway instance). Each chunk is
// its own transaction: a job that is stopped half-way leaves exactly the unreplayed dead letters behind.
import type { Logger } from 'pino';
import { toNumber, uuidv7 } from '../store/index.ts';
import type { OperatorAct } from '../store/replay.ts';
import { deadLettersInKeyOrder, deadLettersOfMessage, summarizeDeadLetters, type DeadFilter, type DeadLetter, type DeadRef } from './dead-letters.ts';
import { OpsError } from './errors.ts';
import type { CockpitDb } from './messages.ts';
import type { ReplayOutcome, Replayer } from './replayer.ts';
import type { CockpitTables } from './tables.ts';
import { iso, isoOrNull } from './views.ts';

export type ReplaySelection = { ids: DeadRef[] } | { filter: DeadFilter };

export interface ReplayJobView {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  finishedAt: string | null;
  by: { partner: string; oin: string };
  selection: { ids: string[] } | { filter: DeadFilter };
  ratePerSecond: number;
  total: number;
  processed: number;
  replayed: number;
  skipped: number;
  failed: number;
  etaSeconds: number | null;
  errors: { key: string; code: string; message: string }[];
}

export interface DryRun {
  dryRun: true;
  matched: number;
  replayable: number;
  skipped: { held: number };
  byReason: { kind: string; reason: string; count: number }[];
}

export interface ReplayJobSettings { defaultRate: number; maxRate: number }

const PAGE = 200;
const MAX_ERRORS = 50;
/** A running job whose progress was not written for this long belongs to a gateway that stopped. */
const STALE_MS = 30_000;
const BROKER_WAIT_MS = 15_000;

type JobRow = CockpitTables['cockpit_replay_jobs'];

export class ReplayJobs {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly db: CockpitDb, private readonly replayer: Replayer, private readonly settings: ReplayJobSettings, private readonly logger: Logger) {}

  rateOf(requested: number | undefined): number {
    if (requested === undefined) return this.settings.defaultRate;
    if (!Number.isInteger(requested) || requested < 1 || requested > this.settings.maxRate) {
      throw new OpsError(400, 'bad-body', `body.ratePerSecond must be a whole number from 1 to ${this.settings.maxRate}`, 'body.ratePerSecond');
    }
    return requested;
  }

  async dryRun(selection: ReplaySelection): Promise<DryRun> {
    if ('filter' in selection) {
      const summary = await summarizeDeadLetters(this.db, replayFilter(selection.filter), { deadBefore: Date.now() });
      return {
        dryRun: true, matched: summary.total, replayable: summary.total - summary.held, skipped: { held: summary.held },
        byReason: summary.groups.map((g) => ({ kind: g.kind, reason: g.reason, count: g.count })),
      };
    }
    const letters = await this.resolveIds(selection.ids);
    const byReason = new Map<string, { kind: string; reason: string; count: number }>();
    for (const d of letters) {
      const k = `${d.kind}\u0000${d.reason}`;
      const g = byReason.get(k) ?? { kind: d.kind, reason: d.reason, count: 0 };
      g.count++;
      byReason.set(k, g);
    }
    const held = letters.filter((d) => d.held).length;
    return { dryRun: true, matched: letters.length, replayable: letters.length - held, skipped: { held }, byReason: [...byReason.values()].sort((a, b) => b.count - a.count) };
  }

  async start(selection: ReplaySelection, rate: number, by: { actor: string; actorOin: string }): Promise<ReplayJobView> {
    if (this.stopping) throw new OpsError(503, 'stopping', 'the gateway is stopping; start the replay again on a running one');
    const createdAt = Date.now();
    const total = 'filter' in selection
      ? (await summarizeDeadLetters(this.db, replayFilter(selection.filter), { deadBefore: createdAt })).total
      : (await this.resolveIds(selection.ids)).length;
    const id = uuidv7(createdAt);
    const stored = 'filter' in selection ? { filter: selection.filter } : { ids: selection.ids.map(refKey) };
    await this.db.insertInto('cockpit_replay_jobs').values({
      id, created_at: createdAt, updated_at: createdAt, finished_at: null, actor: by.actor, actor_oin: by.actorOin,
      selection: JSON.stringify(stored), rate, state: 'running', cancel_requested: 0, total, replayed: 0, skipped: 0, failed: 0, errors: '[]',
    }).execute();
    const run = this.run(id, selection, rate, createdAt, total, { ...by, jobId: id })
      .catch(async (err: Error) => {
        this.logger.error({ jobId: id, err }, 'replay job failed');
        // Never left 'running': what was replayed stays replayed, the rest is still dead.
        await this.db.updateTable('cockpit_replay_jobs')
          .set({ state: 'failed', finished_at: Date.now(), updated_at: Date.now(), errors: JSON.stringify([{ key: '*', code: 'internal', message: 'the job stopped on an internal error; rerun the same filter to replay what is left' }]) })
          .where('id', '=', id).execute()
          .catch(() => undefined);
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<ReplayJobView | undefined> {
    const row = await this.db.selectFrom('cockpit_replay_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : jobView(row);
  }

  async list(limit: number): Promise<ReplayJobView[]> {
    const rows = await this.db.selectFrom('cockpit_replay_jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(jobView);
  }

  async cancel(id: string): Promise<ReplayJobView | undefined> {
    await this.db.updateTable('cockpit_replay_jobs').set({ cancel_requested: 1 }).where('id', '=', id).execute();
    await this.running.get(id);
    return this.get(id);
  }

  /** Stops the running jobs after their current chunk (they end 'cancelled'; rerunning the filter picks up the rest). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()]);
  }

  /** The ids' current dead letters (a message id stands for all of its own); ids no longer dead are left out. */
  private async resolveIds(refs: readonly DeadRef[]): Promise<DeadLetter[]> {
    const seen = new Set<string>();
    const out: DeadLetter[] = [];
    for (const ref of refs) {
      for (const d of await deadLettersOfMessage(this.db, ref.messageId)) {
        if (ref.destination !== null && d.destination !== ref.destination) continue;
        if (seen.has(d.key)) continue;
        seen.add(d.key);
        out.push(d);
      }
    }
    return out;
  }

  private async run(id: string, selection: ReplaySelection, rate: number, createdAt: number, total: number, by: OperatorAct): Promise<void> {
    const chunkSize = Math.max(1, Math.min(100, Math.ceil(rate / 5)));
    const counts = { replayed: 0, skipped: 0, failed: 0 };
    const errors: ReplayJobView['errors'] = [];
    const started = Date.now();
    let paced = 0;
    let state: 'done' | 'failed' | 'cancelled' = 'done';

    const pages = 'filter' in selection ? this.filterPages(replayFilter(selection.filter), createdAt) : this.idPages(selection.ids);
    outer: for await (const page of pages) {
      for (let i = 0; i < page.length; i += chunkSize) {
        if (this.stopping || (await this.cancelRequested(id))) { state = 'cancelled'; break outer; }
        if (!(await this.replayer.brokerReady(BROKER_WAIT_MS))) {
          state = 'failed';
          errors.push({ key: '*', code: 'broker-unavailable', message: `the broker was not connected for ${BROKER_WAIT_MS / 1000} s; rerun the same filter to replay what is left` });
          break outer;
        }
        const chunk = page.slice(i, i + chunkSize);
        const outcomes = await this.replayOnce(chunk, by);
        for (const o of outcomes) count(o, counts, errors);
        paced += outcomes.filter((o) => o.outcome !== 'skipped').length;
        await this.progress(id, counts, errors);
        const wait = (paced / rate) * 1000 - (Date.now() - started);
        if (wait > 0) await sleep(wait);
      }
    }
    const processed = counts.replayed + counts.skipped + counts.failed;
    // Dead letters in the snapshot that were no longer dead when reached (replayed elsewhere) count as skipped.
    if (state === 'done' && processed < total) counts.skipped += total - processed;
    await this.db.updateTable('cockpit_replay_jobs').set({
      ...counts, errors: JSON.stringify(errors.slice(0, MAX_ERRORS)), state, updated_at: Date.now(), finished_at: Date.now(),
      ...(state === 'done' && processed > total ? { total: processed } : {}),
    }).where('id', '=', id).execute();
    this.logger.info({ jobId: id, state, ...counts, seconds: Math.round((Date.now() - started) / 1000) }, 'replay job finished');
  }

  /** One retry: a chunk can lose a lock conflict (PostgreSQL deadlock detection) with a delivery write. */
  private async replayOnce(chunk: DeadLetter[], by: OperatorAct): Promise<ReplayOutcome[]> {
    try {
      return await this.replayer.replay(chunk, by);
    } catch (err) {
      this.logger.warn({ jobId: by.jobId, err }, 'replay chunk failed; retrying once');
      await sleep(1_000);
      return this.replayer.replay(chunk, by);
    }
  }

  private async *filterPages(filter: DeadFilter, deadBefore: number): AsyncGenerator<DeadLetter[]> {
    let afterKey: { messageId: string; destination: string } | undefined;
    for (;;) {
      const page = await deadLettersInKeyOrder(this.db, filter, { deadBefore, ...(afterKey ? { afterKey } : {}) }, PAGE);
      if (page.length === 0) return;
      const last = page[page.length - 1]!;
      afterKey = { messageId: last.messageId, destination: last.destination ?? '' };
      yield page;
      if (page.length < PAGE) return;
    }
  }

  private async *idPages(refs: readonly DeadRef[]): AsyncGenerator<DeadLetter[]> {
    for (let i = 0; i < refs.length; i += PAGE) yield this.resolveIds(refs.slice(i, i + PAGE));
  }

  private async cancelRequested(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('cockpit_replay_jobs').select('cancel_requested').where('id', '=', id).executeTakeFirst();
    return row !== undefined && toNumber(row.cancel_requested) === 1;
  }

  private async progress(id: string, counts: { replayed: number; skipped: number; failed: number }, errors: ReplayJobView['errors']): Promise<void> {
    await this.db.updateTable('cockpit_replay_jobs')
      .set({ ...counts, errors: JSON.stringify(errors.slice(0, MAX_ERRORS)), updated_at: Date.now() })
      .where('id', '=', id).execute();
  }
}

/** Held dead letters are never replayed in bulk, whatever the filter says about them. */
function replayFilter(filter: DeadFilter): DeadFilter {
  const { held: _held, ...rest } = filter;
  return rest;
}

function count(o: ReplayOutcome, counts: { replayed: number; skipped: number; failed: number }, errors: ReplayJobView['errors']): void {
  if (o.outcome === 'replayed' || o.outcome === 'accepted') counts.replayed++;
  else if (o.outcome === 'skipped') counts.skipped++;
  else {
    counts.failed++;
    if (errors.length < MAX_ERRORS) {
      errors.push({ key: o.key, code: o.outcome === 'refused' ? `refused:${o.reason ?? 'unknown'}` : o.reason ?? 'failed', message: o.message ?? (o.outcome === 'refused' ? 'refused again at ingest; kept as a new dead letter' : 'replay failed') });
    }
  }
}

function refKey(ref: DeadRef): string {
  return ref.destination ? `${ref.messageId}/${ref.destination}` : ref.messageId;
}

function jobView(r: JobRow): ReplayJobView {
  const replayed = toNumber(r.replayed);
  const skipped = toNumber(r.skipped);
  const failed = toNumber(r.failed);
  const total = toNumber(r.total);
  const rate = toNumber(r.rate);
  const processed = replayed + skipped + failed;
  let state = r.state as ReplayJobView['state'];
  if (state === 'running' && Date.now() - toNumber(r.updated_at) > STALE_MS) state = 'interrupted';
  return {
    id: r.id,
    state,
    createdAt: iso(r.created_at),
    finishedAt: isoOrNull(r.finished_at),
    by: { partner: r.actor, oin: r.actor_oin },
    selection: JSON.parse(r.selection) as ReplayJobView['selection'],
    ratePerSecond: rate,
    total,
    processed,
    replayed,
    skipped,
    failed,
    etaSeconds: state === 'running' ? Math.ceil(Math.max(0, total - processed) / rate) : null,
    errors: JSON.parse(r.errors) as ReplayJobView['errors'],
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
