// `ketenpoort dkd protocol`: the protocol of Digitaal Klantdossier lookups (who asked which dienst for which
// doelbinding, the outcome and duration; the person only as a keyed hash), from the operator API.
import { parseArgs, UsageError } from '../args.ts';
import { CONNECTION_OPTIONS, clientOf, positiveInt, printJson, type Io } from '../context.ts';
import { shortTime, table } from '../format.ts';
import type { ProtocolEntry } from '../../dkd/protocol.ts';

const FILTERS: Record<string, string> = {
  partner: 'partner', dienst: 'dienst', outcome: 'outcome', doelbinding: 'doelbinding', zaakreferentie: 'zaakreferentie', from: 'from', to: 'to',
};

interface Page { items: ProtocolEntry[]; nextAfterSeq: number | null }

export async function dkdCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'protocol') throw new UsageError('ketenpoort dkd protocol [--partner P] [--dienst D] [--outcome O] [--doelbinding D] [--zaakreferentie Z] [--bsn BSN] [--from TIME] [--to TIME] [--limit N] [--all] [--json]');
  const args = parseArgs(rest, { options: [...CONNECTION_OPTIONS, ...Object.keys(FILTERS), 'bsn', 'limit'], switches: ['json', 'all'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const query: Record<string, string | number> = {};
  for (const [flag, param] of Object.entries(FILTERS)) {
    const v = args.options.get(flag);
    if (v !== undefined) query[param] = v;
  }
  const limit = positiveInt(args, 'limit') ?? 100;
  const bsn = args.options.get('bsn');
  const client = clientOf(args, env);
  try {
    const items: ProtocolEntry[] = [];
    let afterSeq: number | null = null;
    do {
      const q: Record<string, string | number> = { ...query, limit: Math.min(limit, 1_000), ...(afterSeq !== null ? { afterSeq } : {}) };
      // A BSN is never put in a URL: the search by BSN is a POST (personal-data operators only, audited).
      const page: Page = bsn !== undefined
        ? await client.post<Page>('/v1/ops/dkd/protocol/search-by-bsn', { ...q, burgerservicenummer: bsn })
        : await client.get<Page>('/v1/ops/dkd/protocol', q);
      items.push(...page.items);
      afterSeq = args.switches.has('all') ? page.nextAfterSeq : null;
      if (!args.switches.has('all') && page.nextAfterSeq !== null && !args.switches.has('json')) io.err('(more: pass --all, or narrow the search)');
    } while (afterSeq !== null);
    if (args.switches.has('json')) printJson(io, { items });
    else {
      io.out(table(['AT', 'PARTNER', 'DIENST', 'DOELBINDING', 'ZAAK', 'OUTCOME', 'MS', 'PERSON (HASH)'],
        items.map((e) => [shortTime(e.at), e.partner, e.dienst, e.doelbinding, e.zaakreferentie, e.code ? `${e.outcome} (${e.code})` : e.outcome, Math.round(e.durationMs), e.bsnHash.slice(0, 12)])));
      io.out(`${items.length} lookup${items.length === 1 ? '' : 's'}`);
    }
    return 0;
  } finally {
    await client.close();
  }
}
