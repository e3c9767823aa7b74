import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVariables } from '../config/schema.ts';
import { UsageError, type ParsedArgs } from './args.ts';
import { OpsClient, type Connection } from './client.ts';

/** The project root (cli/..), so the defaults work from any working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress lines may overwrite themselves. */
  readonly interactive: boolean;
}

export const CONNECTION_OPTIONS = ['url', 'cert', 'key', 'ca'] as const;

/**
 * The KP_* variables the CLI reads, by the one configuration schema (config/schema.ts): a bad value is a usage
 * error naming the variable and its rule (exit 2), never a request to a wrong address.
 */
export function cliVariables<const N extends Parameters<typeof readVariables>[1][number]>(env: NodeJS.ProcessEnv, names: readonly N[]) {
  try {
    return readVariables(env, names);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function devCertsDir(env: NodeJS.ProcessEnv): string {
  return path.resolve(ROOT, cliVariables(env, ['KP_DEV_CERTS_DIR']).KP_DEV_CERTS_DIR!);
}

export function connectionOf(args: ParsedArgs, env: NodeJS.ProcessEnv): Connection {
  const dir = devCertsDir(env);
  const v = cliVariables(env, ['KP_URL', 'KP_OPERATOR_CERT', 'KP_OPERATOR_KEY', 'KP_CA']);
  return {
    url: args.options.get('url') ?? v.KP_URL!,
    cert: path.resolve(args.options.get('cert') ?? v.KP_OPERATOR_CERT ?? path.join(dir, 'operator.crt')),
    key: path.resolve(args.options.get('key') ?? v.KP_OPERATOR_KEY ?? path.join(dir, 'operator.key')),
    ca: path.resolve(args.options.get('ca') ?? v.KP_CA ?? path.join(dir, 'ca.crt')),
  };
}

export function clientOf(args: ParsedArgs, env: NodeJS.ProcessEnv): OpsClient {
  return new OpsClient(connectionOf(args, env));
}

export function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`);
  return Number(raw);
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
