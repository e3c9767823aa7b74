import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export function devCertsDir(env: NodeJS.ProcessEnv): string {
  return path.resolve(ROOT, env.KP_DEV_CERTS_DIR ?? 'certs-dev/out');
}

export function connectionOf(args: ParsedArgs, env: NodeJS.ProcessEnv): Connection {
  const dir = devCertsDir(env);
  return {
    url: args.options.get('url') ?? env.KP_URL ?? 'https://localhost:8443',
    cert: path.resolve(args.options.get('cert') ?? env.KP_OPERATOR_CERT ?? path.join(dir, 'operator.crt')),
    key: path.resolve(args.options.get('key') ?? env.KP_OPERATOR_KEY ?? path.join(dir, 'operator.key')),
    ca: path.resolve(args.options.get('ca') ?? env.KP_CA ?? path.join(dir, 'ca.crt')),
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
