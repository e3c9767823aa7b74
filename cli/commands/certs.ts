import path from 'node:path';
import { ensureDevCerts } from '../../certs-dev/generate.ts';
import { loadPartners } from '../../config/partners.ts';
import { parseArgs, UsageError } from '../args.ts';
import { ROOT, cliVariables, devCertsDir, printJson, type Io } from '../context.ts';

/** `ketenpoort certs dev`: the development PKI (certs-dev/generate.ts) for the partners file. */
export async function certsCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'dev') throw new UsageError('ketenpoort certs dev [--force] [--partners FILE] [--out DIR]');
  const args = parseArgs(rest, { options: ['partners', 'out'], switches: ['force', 'json'] });
  if (env.NODE_ENV === 'production') {
    io.err('certs dev makes development certificates; it does not run with NODE_ENV=production');
    return 2;
  }
  // Unset, the registry beside the CLI (ROOT); set, the validated path (relative to the working directory).
  const given = env.KP_PARTNERS_FILE?.trim() ? cliVariables(env, ['KP_PARTNERS_FILE']).KP_PARTNERS_FILE : undefined;
  const partnersFile = path.resolve(args.options.get('partners') ?? given ?? path.join(ROOT, 'config/partners.dev.yaml'));
  const outDir = path.resolve(args.options.get('out') ?? devCertsDir(env));
  const registry = loadPartners(partnersFile);
  const result = await ensureDevCerts({ outDir, partners: registry.partners.map(({ name, oin }) => ({ name, oin })), force: args.switches.has('force') });
  if (args.switches.has('json')) { printJson(io, { outDir, created: result.created }); return 0; }
  for (const file of result.created) io.out(path.relative(process.cwd(), file) || file);
  io.out(result.created.length === 0 ? `${outDir}: up to date` : `${result.created.length} files written to ${outDir}`);
  return 0;
}
