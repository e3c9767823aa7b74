import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// Every variable Ketenpoort reads from its environment, in one zod schema: its kind, its rule, its default and
// what it means. The gateway validates the whole of it once at start (config/settings.ts) and every part gets
// its typed section from there; the README's configuration table is generated from this list
// (`npm run config:doc`) and a test keeps the two equal. Secrets are listed (so they are known and documented)
// but never echoed in a message; their content is checked where they are decoded (store/secrets.ts).

/** Invalid configuration found at start: names the variable(s) and the rule, never a secret's value. */
export class SettingsError extends Error {
  readonly code = 'settings-invalid';
  override readonly name = 'SettingsError';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

export type Kind = 'number' | 'duration' | 'bytes' | 'fraction' | 'enum' | 'list' | 'path' | 'url' | 'text' | 'secret';
/** Who reads it: the gateway (validated at start), the operator CLI, or the developer tools (demo, fuzz). */
export type Scope = 'gateway' | 'cli' | 'tools';

export interface Variable<T> {
  readonly kind: Kind;
  readonly scope: Scope;
  /** The default as the README shows it. */
  readonly default: string;
  readonly meaning: string;
  readonly schema: z.ZodType<T, string | undefined>;
}

interface Meta { scope?: Scope; default?: string; meaning: string }

const blank = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';
const shown = (raw: string) => (raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);

/** One variable: `read` returns the value, or a rule (string) the raw text broke. */
function variable<T>(kind: Kind, meta: Meta, fallback: () => T, read: (raw: string) => T | { rule: string }, secret = false): Variable<T> {
  const schema = z.string().optional().transform((raw, ctx): T => {
    if (blank(raw)) return fallback();
    const value = read(raw.trim());
    if (typeof value === 'object' && value !== null && 'rule' in value && Object.keys(value).length === 1) {
      ctx.addIssue({ code: 'custom', message: secret ? value.rule : `${value.rule}, got "${shown(raw)}"` });
      return z.NEVER;
    }
    return value as T;
  });
  return { kind, scope: meta.scope ?? 'gateway', default: meta.default ?? '–', meaning: meta.meaning, schema };
}

function whole(raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

const fmt = (n: number) => String(n);

export const count = (fallback: number, min: number, meta: Meta) =>
  variable('number', { default: fmt(fallback), ...meta }, () => fallback, (raw) => whole(raw, min) ?? { rule: `must be a whole number ≥ ${min}` });
const port = (fallback: number, meta: Meta) =>
  variable('number', { default: fmt(fallback), ...meta }, () => fallback, (raw) => whole(raw, 0, 65_535) ?? { rule: 'must be a port number from 0 to 65535' });
/** Milliseconds, whole. `min` 0 where 0 means off. */
const duration = (fallback: number, min: number, meta: Meta) =>
  variable('duration', { default: fmt(fallback), ...meta }, () => fallback, (raw) => whole(raw, min) ?? { rule: `must be a duration in whole milliseconds ≥ ${min}` });
const bytes = (fallback: number, min: number, meta: Meta) =>
  variable('bytes', { default: fmt(fallback), ...meta }, () => fallback, (raw) => whole(raw, min) ?? { rule: `must be a size in whole bytes ≥ ${min}` });
const fraction = (fallback: number, meta: Meta) =>
  variable('fraction', { default: fmt(fallback), ...meta }, () => fallback, (raw) => {
    const n = Number(raw);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : { rule: 'must be a number from 0 to 1' };
  });
function oneOf<const V extends string>(values: readonly V[], fallback: V, meta: Meta, caseInsensitive = false) {
  return variable('enum', { default: fallback, ...meta }, () => fallback, (raw) => {
    const v = (caseInsensitive ? raw.toUpperCase() : raw) as V;
    return values.includes(v) ? v : { rule: `must be one of ${values.join(', ')}` };
  });
}
const text = (fallback: string | undefined, meta: Meta, pattern?: { re: RegExp; rule: string }) =>
  variable('text', { default: fallback ?? '–', ...meta }, () => fallback, (raw): string | undefined | { rule: string } =>
    !pattern || pattern.re.test(raw) ? raw : { rule: pattern.rule });
/**
 * A file or folder path (relative to the working directory). `exists`: when set, it must name an existing file
 * or folder (the defaults are made or checked where they are used: development certificates are made at start).
 */
function pathVar(fallback: string | undefined, meta: Meta, exists?: 'file' | 'dir') {
  return variable('path', { default: fallback ?? '–', ...meta }, () => fallback, (raw): string | undefined | { rule: string } => {
    if (raw.includes('\0')) return { rule: 'must be a path' };
    if (!exists) return raw;
    const at = path.resolve(raw);
    if (!existsSync(at)) return { rule: `must name an existing ${exists === 'file' ? 'file' : 'folder'}` };
    const isDir = statSync(at).isDirectory();
    if (exists === 'file' && isDir) return { rule: 'must name a file, not a folder' };
    if (exists === 'dir' && !isDir) return { rule: 'must name a folder' };
    return raw;
  });
}
/** One URL, or several separated by commas, with one of `protocols` (with the colon). */
function url(fallback: string | undefined, protocols: readonly string[], meta: Meta, several = false) {
  return variable('url', { default: fallback ?? '–', ...meta }, () => fallback, (raw): string | undefined | { rule: string } => {
    const rule = `must be ${several ? 'one or more comma-separated URLs' : 'a URL'} starting ${protocols.map((p) => `${p}//`).join(' or ')}`;
    for (const part of several ? raw.split(',').map((p) => p.trim()) : [raw]) {
      let parsed: URL;
      try {
        parsed = new URL(part);
      } catch {
        return { rule };
      }
      if (!protocols.includes(parsed.protocol)) return { rule };
    }
    return raw;
  });
}
const secret = (meta: Meta) =>
  variable('secret', { default: 'dev: generated', ...meta }, () => undefined as string | undefined, (raw): string => raw, true);
/** Not echoed either: the secret itself may have been put here by mistake. */
const secretFile = (meta: Meta) =>
  variable('path', meta, () => undefined as string | undefined, (raw): string | { rule: string } =>
    existsSync(path.resolve(raw)) && !statSync(path.resolve(raw)).isDirectory() ? raw : { rule: 'must name a readable file' }, true);

export const RETRY_TIERS_MS = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 120000, 300000, 600000, 1800000, 3600000];
export const FEATURE_NAMES = ['istandaarden', 'subscriptions', 'cockpit', 'pgb', 'dkd'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

const tiers = variable('list', { default: '1000,2000,…,3600000', meaning: 'the retry delay queues (milliseconds, comma-separated)' },
  () => RETRY_TIERS_MS, (raw) => {
    const list = raw.split(',').map((t) => whole(t.trim(), 1));
    return list.every((t): t is number => t !== undefined) ? [...list].sort((a, b) => a - b) : { rule: 'must be a comma-separated list of whole milliseconds ≥ 1' };
  });
const features = variable('list', { default: 'all', meaning: `a comma-separated subset of the parts beyond the spine to run: ${FEATURE_NAMES.map((f) => `\`${f}\``).join(', ')} (the audit log always runs)` },
  () => undefined as Array<(typeof FEATURE_NAMES)[number]> | undefined, (raw) => {
    const names = raw.split(',').map((n) => n.trim()).filter((n) => n !== '' && n !== 'audit');
    const unknown = names.filter((n) => !(FEATURE_NAMES as readonly string[]).includes(n));
    return unknown.length === 0 ? (names as Array<(typeof FEATURE_NAMES)[number]>) : { rule: `must name features among ${FEATURE_NAMES.join(', ')} (unknown: ${unknown.join(', ')})` };
  });
const gemeentecodes = variable('list', { default: 'the gemeentecodes of the `gemeente` partners', meaning: 'the municipality\'s own CBS codes: a budgethouder moving elsewhere is an uitval, between these not' },
  () => undefined as string[] | undefined, (raw) => {
    const codes = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
    return codes.every((c) => /^\d{4}$/.test(c)) ? codes : { rule: 'must be CBS gemeentecodes of 4 digits, separated by commas' };
  });
const viaGgk = variable('list', { default: 'none', meaning: 'gemeentecodes whose TKBs and 508s go to the SVB through the GGk in a StUF-GGk Di01 instead of directly, or `all`' },
  () => [] as string[], (raw) => {
    const value = raw.trim();
    if (value === 'all') return ['*'];
    const codes = value.split(',').map((c) => c.trim()).filter((c) => c !== '');
    return codes.every((c) => /^\d{4}$/.test(c)) ? codes : { rule: 'must be `all` or CBS gemeentecodes of 4 digits, separated by commas' };
  });
const workers = variable('number', { default: 'the number of cores', meaning: 'gateway processes on PostgreSQL (`node:cluster`, one listening socket; the primary answers the ops port for all of them); on SQLite always one, said at start' },
  () => os.availableParallelism(), (raw) => whole(raw, 1) ?? { rule: 'must be a whole number ≥ 1' });
const alertSource = text(undefined, { default: '`urn:nld:oin:<gateway OIN>:systeem:ketenpoort`', meaning: 'the CloudEvent `source` of BRP alerts' },
  { re: /^[a-z][a-z0-9+.-]*:\S+$/i, rule: 'must be a URI reference such as urn:nld:oin:<OIN>:systeem:<name>' });

/** Every variable, in the order of the README's table. */
export const VARIABLES = {
  NODE_ENV: text(undefined, { meaning: '`production`: no development certificates or secrets are made; missing ones stop the start' }),
  KP_HOST: text('0.0.0.0', { meaning: 'address of the partner-facing HTTPS (mutual TLS, TLS 1.2+)' }),
  KP_PORT: port(8443, { meaning: 'port of the partner-facing HTTPS' }),
  KP_OPS_HOST: text('127.0.0.1', { meaning: 'address of the plain-HTTP ops port (`/healthz`, `/readyz`, `/metrics`: probes, Prometheus)' }),
  KP_OPS_PORT: port(9464, { meaning: 'the ops port; `0` = off' }),
  KP_PARTNERS_FILE: pathVar('config/partners.dev.yaml', { meaning: 'the partner registry (below); also read by the CLI and `certs:dev`' }, 'file'),
  KP_DATA_DIR: pathVar('data', { meaning: 'where the SQLite database and the development secrets live' }),
  KP_DEV_CERTS_DIR: pathVar('certs-dev/out', { meaning: 'where development certificates are made and read (gateway, CLI, `certs:dev`)' }),
  KP_TLS_CERT: pathVar(undefined, { default: '`<KP_DEV_CERTS_DIR>/server.crt`', meaning: 'the gateway\'s server certificate (PEM)' }),
  KP_TLS_KEY: pathVar(undefined, { default: '`<KP_DEV_CERTS_DIR>/server.key`', meaning: 'its private key' }),
  KP_CLIENT_CERT: pathVar(undefined, { default: '`<KP_DEV_CERTS_DIR>/gateway-client.crt`', meaning: 'the gateway\'s certificate towards partners (also the CLI\'s `partners check`)' }),
  KP_CLIENT_KEY: pathVar(undefined, { default: '`<KP_DEV_CERTS_DIR>/gateway-client.key`', meaning: 'its private key' }),
  AMQP_URL: url('amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:'], { meaning: 'RabbitMQ; several nodes of a cluster comma-separated (the gateway moves to the next when it cannot connect)' }, true),
  KP_QUEUE_PREFIX: text('kp', { meaning: 'prefix of every exchange and queue name' }, { re: /^[A-Za-z0-9._-]{1,100}$/, rule: 'must be 1–100 of A-Z a-z 0-9 . _ -' }),
  KP_RETRY_TIERS_MS: tiers,
  DATABASE_URL: url(undefined, ['postgres:', 'postgresql:'], { meaning: '`postgres://…` stores in PostgreSQL; unset: SQLite at `KP_SQLITE_FILE`' }),
  KP_SQLITE_FILE: pathVar(undefined, { default: '`<KP_DATA_DIR>/ketenpoort.db`', meaning: 'the SQLite database' }),
  KP_SQLITE_SYNCHRONOUS: oneOf(['FULL', 'NORMAL'], 'FULL', { meaning: '`FULL`: every commit is fsynced before it is answered, off the event loop (a 202 survives a power cut); `NORMAL`: survives a process crash only' }, true),
  KP_PG_POOL_SIZE: count(10, 1, { meaning: 'PostgreSQL connections (per gateway process)' }),
  KP_WORKERS: workers,
  KP_CPU_THREADS: variable('number', { default: 'the cores shared among the gateway processes', meaning: 'worker threads per gateway process that run levels 1–2 of every message (detection, parse, XSD, model, level-2 rules, SHA-256, BSN hashes) off the event loop ([decision 0008](docs/decisions/0008-worker-pool.md)); the cores are `os.availableParallelism()`, the processes `KP_WORKERS` on PostgreSQL, 1 on SQLite' },
    () => undefined as number | undefined, (raw) => whole(raw, 1) ?? { rule: 'must be a whole number ≥ 1' }),
  KP_PAYLOAD_KEYS: secret({ meaning: 'AES-256-GCM payload keys by id (`k1:<base64>,k2:<base64>`); old ids stay readable' }),
  KP_PAYLOAD_KEYS_FILE: secretFile({ meaning: 'a file holding `KP_PAYLOAD_KEYS` instead' }),
  KP_PAYLOAD_KEY_ID: secret({ meaning: 'the key id new payloads are written with (may be left out with one key)' }),
  KP_PAYLOAD_KEY_ID_FILE: secretFile({ meaning: 'a file holding `KP_PAYLOAD_KEY_ID` instead' }),
  KP_BSN_HMAC_KEY: secret({ meaning: 'key (base64, 32 bytes) of the HMAC-SHA256 under which BSNs are stored and looked up' }),
  KP_BSN_HMAC_KEY_FILE: secretFile({ meaning: 'a file holding `KP_BSN_HMAC_KEY` instead' }),
  KP_LOG_LEVEL: oneOf(LOG_LEVELS, 'info', { meaning: 'pino level' }),
  KP_MAX_BODY_BYTES: bytes(25 * 1024 * 1024, 1, { meaning: '25 MB, the iStandaarden limit (OP179)' }),
  KP_TLS_HANDSHAKE_TIMEOUT_MS: duration(10_000, 1, { meaning: 'a TLS handshake not finished in time is cut (also a client that never starts one)' }),
  KP_HEADERS_TIMEOUT_MS: duration(10_000, 1, { meaning: 'all request headers within this (at most `KP_REQUEST_TIMEOUT_MS`); also closes a connection that never sends a request' }),
  KP_REQUEST_TIMEOUT_MS: duration(120_000, 1, { meaning: 'the whole request, body included (25 MB at ≥ 210 KB/s)' }),
  KP_KEEP_ALIVE_TIMEOUT_MS: duration(10_000, 1, { meaning: 'a keep-alive connection idle between requests is closed' }),
  KP_IDLE_TIMEOUT_MS: duration(300_000, 1, { meaning: 'backstop: no traffic either way for this long closes the connection; runs during processing too, so keep it above the longest' }),
  KP_MAX_CONNECTIONS: count(1_000, 1, { meaning: 'open connections on the mTLS port in total; beyond, a new one is closed at once (per gateway process)' }),
  KP_MAX_CONNECTIONS_PER_ADDRESS: count(100, 1, { meaning: 'open connections per client address (behind a load balancer this counts the balancer; per gateway process)' }),
  KP_MAX_EVENT_LOOP_STALL_MS: duration(1_000, 0, { meaning: 'load shedding: after the event loop stood still longer than this, new requests get `503 overloaded` for as long as it stood still (≥ 1 s); `0` = off' }),
  KP_MAX_EVENT_LOOP_DELAY_MS: duration(1_000, 0, { meaning: '… or while the mean loop lag over a second exceeds this; `0` = off' }),
  KP_MAX_EVENT_LOOP_UTILIZATION: fraction(0, { meaning: '… or while the loop\'s busy fraction exceeds this; `0` = off' }),
  KP_MAX_HEAP_USED_BYTES: bytes(0, 0, { meaning: '… or while the heap exceeds this; `0` = off. `/healthz`, `/readyz` and `/metrics` are never shed' }),
  KP_HSTS_MAX_AGE: count(31_536_000, 0, { meaning: 'seconds of `Strict-Transport-Security: max-age=…; includeSubDomains` on every answer of the mTLS port' }),
  KP_TLS_CIPHERS: text(TLS_CIPHERS, { default: 'TLS 1.3 suites + ECDHE-(ECDSA\\|RSA) with AES-GCM or ChaCha20', meaning: 'TLS 1.2 only with forward secrecy and an AEAD cipher (NCSC, Digikoppeling); no RSA key exchange, CBC or DHE' }),
  KP_REFUSED_KEEP_BYTES: bytes(1024 * 1024, 0, { meaning: 'a refused message is kept for the operator up to this; the rest is cut off and its `refused` event says `truncated {originalBytes, originalSha256, keptBytes}`' }),
  KP_REFUSED_MAX_PER_PARTNER_BYTES: bytes(100 * 1024 * 1024, 0, { meaning: 'at most this many bytes of refused messages per partner per window are kept; beyond, refusals are answered but not kept (`kp_refused_not_kept_total`, one warning per window and process). Counted in the store (table `refused_budget`), so all gateway processes share one budget per partner; windows are fixed (multiples of the window since the epoch)' }),
  KP_REFUSED_WINDOW_MS: duration(24 * 60 * 60 * 1000, 1, { meaning: 'that window' }),
  KP_SWEEP_INTERVAL_MS: duration(5_000, 1, { meaning: 'how often the sweeper looks for stored-but-unpublished messages' }),
  KP_SWEEP_GRACE_MS: duration(10_000, 0, { meaning: 'how old such a message must be' }),
  KP_RECONCILE_INTERVAL_MS: duration(15_000, 0, { meaning: 'how often the reconciler looks for messages and deliveries that stood still (`0`: off; see [Store outage](#store-outage))' }),
  KP_RECONCILE_AFTER_MS: duration(60_000, 0, { meaning: 'how long past due they must be' }),
  KP_HANDLER_MAX_FAILURES: count(8, 1, { meaning: 'failures of a delivery handler itself (the store unavailable, a bug; not the partner\'s answers) before a message is given up' }),
  KP_SHUTDOWN_TIMEOUT_MS: duration(25_000, 1_000, { meaning: 'after SIGTERM or SIGINT the gateway finishes what is in flight; past this it logs what was still open and exits with code 1 (below the orchestrator\'s own kill: Kubernetes waits 30 s)' }),
  KP_FEATURES: features,
  KP_DEADLINE_SCAN_MS: duration(60_000, 1, { meaning: 'how often overdue iWmo/iJw answers are looked for' }),
  KP_BRP_RETENTION_DAYS: variable('number', { default: '90', meaning: 'raw BRP payloads are purged after this many days (`0` keeps them); row, events and dedup key stay' },
    () => 90, (raw) => (/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : { rule: 'must be a number ≥ 0' })),
  KP_BRP_RETENTION_INTERVAL_MS: duration(3_600_000, 0, { meaning: 'how often that purge runs; `0` = never' }),
  KP_BRP_SYNC_INTERVAL_MS: duration(60_000, 0, { meaning: 'how often einddata are applied and afnemersindicaties reconciled; `0` = never' }),
  KP_BRP_INDEX_REFRESH_MS: duration(5_000, 0, { meaning: 'how often the watch index reads other instances\' changes; `0` = never' }),
  KP_BRP_ALERT_SOURCE: alertSource,
  KP_REPLAY_RATE: count(50, 1, { meaning: 'dead letters a replay job puts back per second by default (at most `KP_REPLAY_MAX_RATE`)' }),
  KP_REPLAY_MAX_RATE: count(1_000, 1, { meaning: 'the most an operator may ask for' }),
  KP_PGB_GEMEENTECODES: gemeentecodes,
  KP_PGB_LAYOUTS_DIR: pathVar(undefined, { default: 'config/pgb-layouts', meaning: 'uitvallijst layouts (below)' }, 'dir'),
  KP_PGB_DEFAULT_LAYOUT: text('svb-standaard', { meaning: 'the layout used when an import names none' }),
  KP_PGB_MAX_LIST_BYTES: bytes(64 * 1024 * 1024, 1, { meaning: 'largest uitvallijst accepted' }),
  KP_PGB_VIA_GGK: viaGgk,
  KP_PGB_GGK_PARTNER: text('ggk', { meaning: 'the GGk partner that iPgb messages via the GGk go to (its delivery must have `envelope: stuf-ggk`)' }),
  KP_PGB_SVB_PARTNER: text('svb', { meaning: 'the partner that is the SVB: TKBs (501) and 508s are routed to it, and only it may send 502/507 (the SVB is in no iPgb header)' }),
  KP_IPGB_SCHEMAS_DIR: pathVar(undefined, { default: 'schemas/ipgb-2.1', meaning: 'the iPgb XSD set; point it at the official release package to use that instead ([adapters/ipgb/README.md](adapters/ipgb/README.md))' }, 'dir'),
  KP_PGB_DEADLINE_SCAN_MS: duration(60_000, 0, { meaning: 'how often missed retour/BAB deadlines become worklist items; `0` = never' }),
  KP_PGB_FOLLOW_SYNC_MS: duration(3_600_000, 0, { meaning: 'how often the BRP volgindicaties are brought in line with the active budgets; `0` = never' }),
  KP_DKD_FILE: pathVar(undefined, { meaning: 'the Digitaal Klantdossier services (below); unset: no dienst configured, every lookup `503` (`npm run demo` uses `config/dkd.dev.yaml`)' }, 'file'),
  // The operator CLI (`npx ketenpoort`); its options (--url, --cert, --key, --ca) win.
  KP_URL: url('https://localhost:8443', ['https:'], { scope: 'cli', meaning: 'CLI: the gateway it talks to' }),
  KP_OPERATOR_CERT: pathVar(undefined, { scope: 'cli', default: '`<KP_DEV_CERTS_DIR>/operator.crt`', meaning: 'CLI: the operator certificate' }),
  KP_OPERATOR_KEY: pathVar(undefined, { scope: 'cli', default: '`<KP_DEV_CERTS_DIR>/operator.key`', meaning: 'CLI: its key' }),
  KP_CA: pathVar(undefined, { scope: 'cli', default: '`<KP_DEV_CERTS_DIR>/ca.crt`', meaning: 'CLI: the CA the gateway\'s server certificate chains to' }),
  // Developer tools: the demo and the fuzzer.
  KP_DEMO_DKD_FILE: pathVar(undefined, { default: 'config/dkd.dev.yaml', scope: 'tools', meaning: 'demo: the DKD file whose endpoints name its Suwinet stand-in\'s port (to run beside another demo)' }, 'file'),
  KP_DEMO_PORT: port(8543, { scope: 'tools', meaning: 'demo: its gateway\'s port (beside a running `npm start`)' }),
  KP_DEMO_MESSAGE: pathVar('../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml', { scope: 'tools', meaning: 'demo: the WMO301 it sends' }),
  KP_CORPUS_DIR: pathVar('../shared/corpus', { scope: 'tools', meaning: 'demo and fuzz: the corpus (schemas, samples)' }),
  KP_FUZZ_COUNT: count(10_000, 1, { scope: 'tools', meaning: 'fuzz: inputs per target (`--count`)' }),
  KP_FUZZ_SECONDS: count(300, 1, { scope: 'tools', meaning: 'fuzz: seconds per target at most (`--seconds`)' }),
  KP_FUZZ_SEED: count(1, 0, { scope: 'tools', meaning: 'fuzz: the random seed (`--seed`)' }),
  KP_FUZZ_TARGETS: text(undefined, { scope: 'tools', default: 'all', meaning: 'fuzz: comma-separated targets (`--targets`)' }),
  KP_FUZZ_OUT: pathVar('data/fuzz-findings', { scope: 'tools', meaning: 'fuzz: where findings are saved (`--out`)' }),
} as const;

export type VariableName = keyof typeof VARIABLES;
export type Environment = { [K in VariableName]: z.output<(typeof VARIABLES)[K]['schema']> };

/** Names the tests and the test suite's own tools use; never warned about. */
const NOT_OURS = /^KP_(TEST_|CHAOS_|FUZZ_TEST_|FUZZ_HTTP_)/;

/** The zod schema of every variable of `scope` (default: the gateway's). */
export function environmentSchema(scopes: readonly Scope[] = ['gateway']) {
  const shape = Object.fromEntries(Object.entries(VARIABLES).filter(([, v]) => scopes.includes(v.scope)).map(([name, v]) => [name, v.schema]));
  return z.object(shape);
}

/**
 * Validates `env` against the schema: every problem at once, as one SettingsError whose message is one line
 * (`KP_DEADLINE_SCAN_MS: must be a duration in whole milliseconds ≥ 1, got "abc"; …`).
 */
export function parseEnvironment(env: NodeJS.ProcessEnv, scopes: readonly Scope[] = ['gateway']): Environment {
  return parsed(environmentSchema(scopes), env) as Environment;
}

/**
 * Only the variables `names`, by the same rules: for the CLI and the developer tools (demo, fuzz, certs:dev),
 * which read a few variables and must not refuse to run over a gateway setting they never use. Unset: the default.
 */
export function readVariables<const N extends VariableName>(env: NodeJS.ProcessEnv, names: readonly N[]): Pick<Environment, N> {
  return parsed(z.object(Object.fromEntries(names.map((name) => [name, VARIABLES[name].schema]))), env) as Pick<Environment, N>;
}

function parsed(schema: z.ZodObject, env: NodeJS.ProcessEnv): unknown {
  const input = Object.fromEntries(Object.keys(VARIABLES).map((name) => [name, env[name]]));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ variable: String(issue.path[0]), rule: issue.message }));
  const [first, ...rest] = problems;
  throw new SettingsError(first!.variable, [first!.rule, ...rest.map((p) => `${p.variable}: ${p.rule}`)].join('; '));
}

/** `KP_*` variables set in `env` that no part of Ketenpoort reads: most likely typos. */
export function unknownVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).filter((name) => name.startsWith('KP_') && !(name in VARIABLES) && !NOT_OURS.test(name)).sort();
}
