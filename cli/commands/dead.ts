import { parseArgs, UsageError, type ParsedArgs } from '../args.ts';
import type { OpsClient } from '../client.ts';
import { CONNECTION_OPTIONS, clientOf, positiveInt, printJson, type Io } from '../context.ts';
import { duration, plural, shortTime, table } from '../format.ts';
import { compact } from './messages.ts';

const FILTER_FLAGS = ['reason', 'kind', 'partner', 'sender', 'destination', 'family', 'type', 'from', 'to'] as const;

interface Group { kind: string; reason: string; count: number; held: number; oldest: string; newest: string; partners: { name: string; count: number }[] }
interface Summary { total: number; held: number; groups: Group[] }
interface DeadLetter { key: string; kind: string; destination: string | null; sender: { partner: string }; type: string; reason: string; attempts: number; lastError: string | null; deadAt: string; held: boolean }
interface Job { id: string; state: string; total: number; processed: number; replayed: number; skipped: number; failed: number; ratePerSecond: number; etaSeconds: number | null; errors: { key: string; code: string; message: string }[] }
interface DryRun { matched: number; replayable: number; skipped: { held: number }; byReason: { kind: string; reason: string; count: number }[] }

export async function deadCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'list': return list(rest, env, io);
    case 'show': return show(rest, env, io);
    case 'replay': return replay(rest, env, io);
    case 'purge': return purge(rest, env, io);
    case 'hold': return holdOrRelease('hold', rest, env, io);
    case 'release': return holdOrRelease('release', rest, env, io);
    default: throw new UsageError('ketenpoort dead list|show|replay|purge|hold|release …');
  }
}

function filterOf(args: ParsedArgs): Record<string, string> {
  const f: Record<string, string> = {};
  for (const flag of FILTER_FLAGS) {
    const v = args.options.get(flag);
    if (v !== undefined) f[flag] = v;
  }
  return f;
}

async function withClient<T>(args: ParsedArgs, env: NodeJS.ProcessEnv, work: (c: OpsClient) => Promise<T>): Promise<T> {
  const client = clientOf(args, env);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

async function list(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, ...FILTER_FLAGS, 'limit'], switches: ['json', 'items', 'held'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const filter = { ...filterOf(args), ...(args.switches.has('held') ? { held: 'true' } : {}) };
  return withClient(args, env, async (client) => {
    if (args.switches.has('items')) {
      const page = await client.get<{ items: DeadLetter[]; nextCursor: string | null }>('/v1/ops/dead', { ...filter, limit: positiveInt(args, 'limit') ?? 50 });
      if (args.switches.has('json')) { printJson(io, page); return 0; }
      io.out(table(['DEAD SINCE', 'KEY', 'KIND', 'REASON', 'TYPE', 'SENDER', 'ATTEMPTS', 'HELD'],
        page.items.map((d) => [shortTime(d.deadAt), d.key, d.kind, d.reason, d.type, d.sender.partner, d.attempts, d.held ? 'held' : ''])));
      if (page.nextCursor) io.out('(more: narrow the filter or raise --limit)');
      return 0;
    }
    const summary = await client.get<Summary>('/v1/ops/dead/summary', filter);
    if (args.switches.has('json')) { printJson(io, summary); return 0; }
    io.out(`Dead letters: ${summary.total} (${summary.held} held)`);
    if (summary.groups.length === 0) return 0;
    io.out('');
    io.out(table(['KIND', 'REASON', 'COUNT', 'HELD', 'OLDEST', 'NEWEST', 'PARTNERS'],
      summary.groups.map((g) => [g.kind, g.reason, g.count, g.held, shortTime(g.oldest), shortTime(g.newest),
        g.partners.slice(0, 3).map((p) => `${p.name} (${p.count})`).join(', ') + (g.partners.length > 3 ? ', …' : '')])));
    return 0;
  });
}

interface DeadDetail {
  message: { id: string; family: string; type: string; status: string; sender: { partner: string }; receivedAt: string };
  deadLetters: DeadLetter[];
  attempts: { destination: string; attempt: number; at: string; outcome: string; httpStatus: number | null; error: string | null }[];
  refusal: { reason: string; errors: { code: string; message: string; path?: string; line?: number }[] } | null;
  events: { at: string; type: string; detail: Record<string, unknown> | null }[];
}

async function show(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS], switches: ['json'] });
  const id = args.positionals[0];
  if (!id || args.positionals.length > 1) throw new UsageError('ketenpoort dead show MESSAGE_ID');
  return withClient(args, env, async (client) => {
    const d = await client.get<DeadDetail>(`/v1/ops/dead/${encodeURIComponent(id)}`);
    if (args.switches.has('json')) { printJson(io, d); return 0; }
    io.out(`Message ${d.message.id}: ${d.message.family} ${d.message.type} from ${d.message.sender.partner}, received ${shortTime(d.message.receivedAt)}`);
    io.out('');
    io.out(table(['KEY', 'KIND', 'REASON', 'ATTEMPTS', 'LAST ERROR', 'HELD'], d.deadLetters.map((x) => [x.key, x.kind, x.reason, x.attempts, x.lastError, x.held ? 'held' : ''])));
    if (d.refusal) {
      io.out('');
      io.out(`Refused at ingest: ${d.refusal.reason}`);
      for (const e of d.refusal.errors) io.out(`  ${e.code}${e.line ? ` line ${e.line}` : ''}${e.path ? ` ${e.path}` : ''}: ${e.message}`);
    }
    if (d.attempts.length > 0) {
      io.out('');
      io.out(table(['AT', 'DESTINATION', 'ATTEMPT', 'OUTCOME', 'HTTP', 'ERROR'], d.attempts.map((a) => [shortTime(a.at), a.destination, a.attempt, a.outcome, a.httpStatus, a.error])));
    }
    io.out('');
    io.out(table(['AT', 'EVENT', 'DETAIL'], d.events.map((e) => [shortTime(e.at), e.type, e.detail ? compact(e.detail) : ''])));
    return 0;
  });
}

/** ids, or a filter, or --all: never everything by accident. */
function selectionOf(args: ParsedArgs, verb: string): { ids: string[] } | { filter: Record<string, string> } {
  const filter = filterOf(args);
  const hasFilter = Object.keys(filter).length > 0 || args.switches.has('all');
  if (args.positionals.length > 0 && hasFilter) throw new UsageError(`${verb}: give dead-letter ids or a filter, not both`);
  if (args.positionals.length > 0) return { ids: args.positionals };
  if (!hasFilter) throw new UsageError(`${verb}: give dead-letter ids, a filter (--reason, --partner, …) or --all`);
  return { filter };
}

async function replay(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, ...FILTER_FLAGS, 'rate'], switches: ['json', 'dry-run', 'all', 'no-wait'] });
  const selection = selectionOf(args, 'dead replay');
  const rate = positiveInt(args, 'rate');
  return withClient(args, env, async (client) => {
    if (args.switches.has('dry-run')) {
      const dry = await client.post<DryRun>('/v1/ops/dead/replay', { ...selection, dryRun: true });
      if (args.switches.has('json')) { printJson(io, dry); return 0; }
      io.out(`Dry run: ${plural(dry.matched, 'dead letter')} match; ${dry.replayable} would be replayed, ${dry.skipped.held} held (left out). Nothing was changed.`);
      if (dry.byReason.length > 0) io.out(table(['KIND', 'REASON', 'COUNT'], dry.byReason.map((g) => [g.kind, g.reason, g.count])));
      return 0;
    }
    const started = Date.now();
    let { job } = await client.post<{ job: Job }>('/v1/ops/dead/replay', { ...selection, ...(rate ? { ratePerSecond: rate } : {}) });
    if (!args.switches.has('json')) io.out(`Replay job ${job.id}: ${plural(job.total, 'dead letter')} at most ${job.ratePerSecond}/s`);
    if (args.switches.has('no-wait')) {
      if (args.switches.has('json')) printJson(io, job);
      return 0;
    }
    let lastLine = 0;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      job = (await client.get<{ job: Job }>(`/v1/ops/replays/${job.id}`)).job;
      if (!args.switches.has('json') && (io.interactive || Date.now() - lastLine > 5_000)) {
        const line = progressLine(job);
        if (io.interactive) io.err(`\r${line}\u001b[K`);
        else io.err(line);
        lastLine = Date.now();
      }
    }
    if (io.interactive && !args.switches.has('json')) io.err('\n');
    if (args.switches.has('json')) { printJson(io, job); return job.state === 'done' && job.failed === 0 ? 0 : 1; }
    io.out(`${job.state === 'done' ? 'Done' : `Stopped (${job.state})`}: ${job.replayed} replayed, ${job.skipped} skipped, ${job.failed} failed in ${duration(Date.now() - started)}`);
    for (const e of job.errors.slice(0, 10)) io.out(`  ${e.key}: ${e.code} ${e.message}`);
    return job.state === 'done' && job.failed === 0 ? 0 : 1;
  });
}

export function progressLine(job: Job): string {
  const pct = job.total === 0 ? 100 : Math.floor((job.processed / job.total) * 100);
  const width = 30;
  const filled = Math.min(width, Math.round((pct / 100) * width));
  const eta = job.etaSeconds !== null ? `, about ${duration(job.etaSeconds * 1000)} left` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${job.processed}/${job.total} (${pct}%): ${job.replayed} replayed, ${job.skipped} skipped, ${job.failed} failed${eta}`;
}

async function purge(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, ...FILTER_FLAGS], switches: ['json', 'dry-run', 'all'] });
  const selection = selectionOf(args, 'dead purge');
  return withClient(args, env, async (client) => {
    const r = await client.post<{ dryRun: boolean; matched: number; purged: number; skipped: { held: number; deliveriesPending: number } }>('/v1/ops/dead/purge', { ...selection, dryRun: args.switches.has('dry-run') });
    if (args.switches.has('json')) { printJson(io, r); return 0; }
    const skipped = `${r.skipped.held} held, ${r.skipped.deliveriesPending} with deliveries still pending (left alone)`;
    io.out(r.dryRun
      ? `Dry run: ${plural(r.matched, 'message')} match; ${skipped}. Nothing was changed.`
      : `Purged the payload of ${plural(r.purged, 'message')} (of ${r.matched} matched; ${skipped}). Metadata and dedup keys are kept.`);
    return 0;
  });
}

async function holdOrRelease(verb: 'hold' | 'release', argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, 'destination', 'note'], switches: ['json'] });
  const id = args.positionals[0];
  if (!id || args.positionals.length > 1) throw new UsageError(`ketenpoort dead ${verb} MESSAGE_ID [--destination D]`);
  const destination = args.options.get('destination');
  return withClient(args, env, async (client) => {
    const path = `/v1/ops/dead/${encodeURIComponent(id)}/hold`;
    const r = verb === 'hold'
      ? await client.post<{ held: string[] }>(path, { ...(destination ? { destination } : {}), ...(args.options.has('note') ? { note: args.options.get('note') } : {}) })
      : await client.delete<{ released: string[] }>(destination ? `${path}?destination=${encodeURIComponent(destination)}` : path);
    if (args.switches.has('json')) { printJson(io, r); return 0; }
    const keys = 'held' in r ? r.held : r.released;
    io.out(`${verb === 'hold' ? 'Held' : 'Released'}: ${keys.join(', ') || 'nothing'}`);
    return 0;
  });
}
