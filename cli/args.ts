// A small argv parser: positionals, `--name value`, `--name=value` and boolean switches. Unknown options are
// a usage error that names the option.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string>;
  switches: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: { options: readonly string[]; switches: readonly string[] }): ParsedArgs {
  const options = new Map<string, string>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!token.startsWith('--')) { positionals.push(token); continue; }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (spec.switches.includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!spec.options.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq !== -1 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, options, switches };
}
