import { parseArgs, UsageError } from '../args.ts';
import { CONNECTION_OPTIONS, clientOf, positiveInt, printJson, type Io } from '../context.ts';
import { shortTime, table } from '../format.ts';

interface Summary { id: string; receivedAt: string; sender: { partner: string }; family: string; type: string; status: string; destinations: string[]; reason: string | null; relation: string | null; parentId: string | null; correlationId: string | null }
interface SearchPage { items: Summary[]; nextCursor: string | null }

const FILTERS: Record<string, string> = {
  id: 'id', partner: 'partner', sender: 'sender', destination: 'destination', family: 'family', type: 'type', status: 'status',
  from: 'from', to: 'to', 'correlation-id': 'correlationId',
};

export async function messagesCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'search') return search(rest, env, io);
  if (sub === 'show') return show(rest, env, io);
  throw new UsageError('ketenpoort messages search|show …');
}

async function search(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, ...Object.keys(FILTERS), 'limit'], switches: ['json', 'all'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const query: Record<string, string | number> = {};
  for (const [flag, param] of Object.entries(FILTERS)) {
    const v = args.options.get(flag);
    if (v !== undefined) query[param] = v;
  }
  const limit = positiveInt(args, 'limit') ?? 50;
  const client = clientOf(args, env);
  try {
    const items: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchPage = await client.get<SearchPage>('/v1/ops/messages', { ...query, limit: Math.min(limit, 500), ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = args.switches.has('all') ? page.nextCursor : null;
      if (!args.switches.has('all') && page.nextCursor) {
        if (!args.switches.has('json')) io.err(`(more: pass --all, or narrow the search)`);
      }
    } while (cursor);
    if (args.switches.has('json')) printJson(io, { items });
    else {
      io.out(table(['RECEIVED', 'ID', 'SENDER', 'TYPE', 'STATUS', 'DESTINATIONS', 'REASON'],
        items.map((m) => [shortTime(m.receivedAt), m.id, m.sender.partner, m.type, m.status, m.destinations.join(',') || '-', m.reason])));
      io.out(`${items.length} message${items.length === 1 ? '' : 's'}`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

interface Detail {
  message: Summary & { size: number; contentType: string; sender: { partner: string; oin: string } };
  deliveries: { destination: string; status: string; attempts: number; reason: string | null; lastError: string | null; held: boolean }[];
  events: { at: string; type: string; detail: Record<string, unknown> | null }[];
  parent: Summary | null;
  children: Summary[];
}

async function show(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS], switches: ['json'] });
  const id = args.positionals[0];
  if (!id || args.positionals.length > 1) throw new UsageError('ketenpoort messages show MESSAGE_ID');
  const client = clientOf(args, env);
  try {
    const d = await client.get<Detail>(`/v1/ops/messages/${encodeURIComponent(id)}`);
    if (args.switches.has('json')) { printJson(io, d); return 0; }
    const m = d.message;
    io.out(`Message ${m.id}`);
    io.out(`  ${m.family} ${m.type} from ${m.sender.partner} (${m.sender.oin}), ${m.size} bytes ${m.contentType}`);
    io.out(`  received ${shortTime(m.receivedAt)}, status ${m.status}${m.reason ? `, reason ${m.reason}` : ''}`);
    if (m.correlationId) io.out(`  correlation id ${m.correlationId}`);
    if (d.parent) io.out(`  ${m.relation ?? 'child-of'} ${d.parent.id}`);
    for (const c of d.children) io.out(`  child ${c.id} (${c.relation ?? '-'}, ${c.type}, ${c.status})`);
    if (d.deliveries.length > 0) {
      io.out('');
      io.out(table(['DESTINATION', 'STATUS', 'ATTEMPTS', 'REASON', 'LAST ERROR', 'HELD'],
        d.deliveries.map((x) => [x.destination, x.status, x.attempts, x.reason, x.lastError, x.held ? 'yes' : ''])));
    }
    io.out('');
    io.out(table(['AT', 'EVENT', 'DETAIL'], d.events.map((e) => [shortTime(e.at), e.type, e.detail ? compact(e.detail) : ''])));
    return 0;
  } finally {
    await client.close();
  }
}

export function compact(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([k]) => k !== 'errors')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ')
    .slice(0, 160);
}
