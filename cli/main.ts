// `ketenpoort`: the operator's command line. It talks to a running gateway's operator API over mutual TLS
// (docs/cockpit-api.md), except `partners check` and `certs dev`, which work on the local configuration.
import { UsageError } from './args.ts';
import { ApiError, ConnectError } from './client.ts';
import { certsCommand } from './commands/certs.ts';
import { deadCommand } from './commands/dead.ts';
import { dkdCommand } from './commands/dkd.ts';
import { messagesCommand } from './commands/messages.ts';
import { partnersCommand } from './commands/partners.ts';
import { pgbCommand } from './commands/pgb.ts';
import type { Io } from './context.ts';

export const USAGE = `ketenpoort — operator tool for the Ketenpoort gateway

  ketenpoort messages search [--id ID] [--partner P] [--sender P] [--destination P] [--family F] [--type T]
                             [--status S[,S]] [--from TIME] [--to TIME] [--correlation-id C] [--limit N] [--all]
  ketenpoort messages show MESSAGE_ID
  ketenpoort dead list [--reason R] [--kind delivery|refused] [--partner P] [--family F] [--type T]
                       [--from TIME] [--to TIME] [--held] [--items [--limit N]]
  ketenpoort dead show MESSAGE_ID
  ketenpoort dead replay (KEY… | --reason R | --partner P | … | --all) [--dry-run] [--rate N] [--no-wait]
  ketenpoort dead purge (KEY… | --reason R | … | --all) [--dry-run]
  ketenpoort dead hold|release MESSAGE_ID [--destination D] [--note TEXT]
  ketenpoort dkd protocol [--partner P] [--dienst D] [--outcome O] [--doelbinding D] [--zaakreferentie Z]
                         [--bsn BSN] [--from TIME] [--to TIME] [--limit N] [--all]
  ketenpoort partners check [--partners FILE] [--client-cert F --client-key F] [--timeout MS]
  ketenpoort certs dev [--force] [--partners FILE] [--out DIR]
  ketenpoort pgb import FILE.csv|FILE.xlsx [--layout NAME]
  ketenpoort pgb worklist [--status S[,S]] [--diagnosis D[,D]] [--klasse K] [--source S] [--import ID] [--budget B]
                          [--limit N] [--bsn]

Connection (operator API): --url (KP_URL, default https://localhost:8443), --cert/--key (KP_OPERATOR_CERT,
KP_OPERATOR_KEY, default certs-dev/out/operator.crt|key), --ca (KP_CA, default certs-dev/out/ca.crt).
--json prints one JSON document for scripts. A KEY is a message id or <messageId>/<destination>.
Exit codes: 0 ok, 1 the gateway refused or a check failed, 2 usage, 3 cannot reach the gateway.`;

/** Connection options any command takes; they may also stand before the command (`ketenpoort --url U dead list`). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--url', '--cert', '--key', '--ca']);
const GLOBAL_FLAGS = new Set(['--json']);

/** Moves the global options standing before the command to after it, where every command reads them. */
export function commandFirst(argv: readonly string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i]!;
    const name = word.split('=')[0]!;
    if (GLOBAL_FLAGS.has(word) || (GLOBAL_OPTIONS_WITH_VALUE.has(name) && word.includes('='))) {
      leading.push(word);
      i += 1;
    } else if (GLOBAL_OPTIONS_WITH_VALUE.has(word)) {
      if (i + 1 >= argv.length) throw new UsageError(`${word} needs a value`);
      leading.push(word, argv[i + 1]!);
      i += 2;
    } else break;
  }
  const [command, ...rest] = argv.slice(i);
  return command === undefined ? leading : [command, ...rest, ...leading];
}

export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  try {
    const [command, ...rest] = commandFirst(argv);
    return await dispatch(command, rest, env, io);
  } catch (err) {
    return handleFailure(err, io);
  }
}

async function dispatch(command: string | undefined, rest: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  switch (command) {
    case 'messages': return await messagesCommand(rest, env, io);
    case 'dead': return await deadCommand(rest, env, io);
    case 'partners': return await partnersCommand(rest, env, io);
    case 'dkd': return await dkdCommand(rest, env, io);
    case 'certs': return await certsCommand(rest, env, io);
    case 'pgb': return await pgbCommand(rest, env, io);
    case undefined: case 'help': case '--help': case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default: throw new UsageError(`unknown command ${command}`);
  }
}

function handleFailure(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.err(`ketenpoort: ${err.message}\n(ketenpoort help lists the commands)`);
    return 2;
  }
  if (err instanceof ApiError) {
    io.err(`ketenpoort: the gateway answered ${err.status} ${err.code}: ${err.message}`);
    return 1;
  }
  if (err instanceof ConnectError) {
    io.err(`ketenpoort: ${err.message}`);
    return 3;
  }
  throw err;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(text.startsWith('\r') || text === '\n' ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY),
  };
}
