// pino's `err` serializer for Ketenpoort (docs/decisions/0010-error-logging.md). Every error is logged as
// `{ err }` so its type, code, stack frames and cause chain survive; but an error message may quote its input
// (a parser quoting the element it choked on, a database quoting the duplicate key, a library echoing an
// argument), and the input is a message about a person. So the message is kept only for errors whose message
// is built from our code or the platform, never from input; every other message is withheld and only the
// positions in it (line, column, offset) are kept. Properties are copied from a short list, never all of them
// (pg's `detail` quotes the row). Digit runs the length of a BSN are masked in everything that is kept.
import { maskDigits } from './mask.ts';

/** Error classes whose messages are built from code only: configuration, store, broker and topology errors. */
export const MESSAGE_SAFE_ERRORS: ReadonlySet<string> = new Set([
  'SettingsError', 'ConfigError', 'StoreError', 'StoreUnavailable', 'BrokerUnavailable', 'InvalidTopologyName',
  'DevCertError', 'IllegalOperationError', 'AbortError', 'TimeoutError',
]);
/** Node's system and internal errors and undici's: their messages name syscalls, addresses and paths. */
const PLATFORM_CODE = /^(E[A-Z0-9]+|ERR_[A-Z0-9_]+|UND_ERR_[A-Z0-9_]*)$/;
/** Identifiers worth keeping: codes, syscalls, schema names; never values. */
const KEPT = ['code', 'errno', 'syscall', 'statusCode', 'status', 'variable', 'field', 'file', 'partner', 'constraint', 'table', 'routine', 'classId', 'methodId'] as const;
const POSITIONS = ['line', 'column', 'col', 'lineNumber', 'columnNumber', 'position', 'offset', 'index'] as const;
const IDENTIFIER = /^[\w.:/@-]{1,200}$/;
const MAX_DEPTH = 4;
const MAX_FRAMES = 25;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  position?: Record<string, number>;
  cause?: SerializedError;
  errors?: SerializedError[];
  [key: string]: unknown;
}

function messageIsSafe(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  if (MESSAGE_SAFE_ERRORS.has(err.name) || MESSAGE_SAFE_ERRORS.has(err.constructor?.name ?? '')) return true;
  if (typeof code === 'string' && PLATFORM_CODE.test(code)) return true;
  // Fastify's own errors describe routes, schemas and plugins (a failed start must say which); its validation
  // errors may quote a request's field names, so they stay withheld.
  if (typeof code === 'string' && code.startsWith('FST_') && code !== 'FST_ERR_VALIDATION') return true;
  // amqplib's channel and connection errors: the broker's reply text names queues and exchanges.
  return typeof code === 'number' && 'classId' in err;
}

function safeMessage(err: Error): string {
  const first = String(err.message ?? '').split('\n')[0]!;
  // Node's argument errors end with "Received <the value>".
  return maskDigits(first.replace(/\. Received .*$/, '.'));
}

/** Positions a parser put in its message or on the error: numbers only. */
function positionsOf(err: Record<string, unknown>, message: string): Record<string, number> | undefined {
  const found: Record<string, number> = {};
  for (const key of POSITIONS) if (typeof err[key] === 'number') found[key] = err[key] as number;
  for (const [key, re] of [['line', /\bline:? ?(\d+)/i], ['column', /\bcol(?:umn)?:? ?(\d+)/i], ['position', /\bposition:? ?(\d+)/i], ['offset', /\boffset:? ?(\d+)/i]] as const) {
    const m = re.exec(message);
    if (m && found[key] === undefined) found[key] = Number(m[1]);
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

function kept(source: Record<string, unknown>, into: SerializedError): void {
  for (const key of KEPT) {
    const value = source[key];
    if (typeof value === 'number' || (typeof value === 'string' && IDENTIFIER.test(value))) into[key] = typeof value === 'string' ? maskDigits(value) : value;
  }
}

function frames(stack: unknown): string[] {
  if (typeof stack !== 'string') return [];
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, MAX_FRAMES).map((l) => `    ${maskDigits(l.trim())}`);
}

/** The err serializer: type, code, the message when it is safe (else withheld, with its positions), frames, cause. */
export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) {
    // Not an Error (a plain object, a string thrown): only identifiers survive.
    const out: SerializedError = { type: value === null ? 'null' : typeof value, message: '[withheld]' };
    if (typeof value === 'object' && value !== null) {
      const t = (value as { type?: unknown }).type;
      if (typeof t === 'string' && IDENTIFIER.test(t)) out.type = t;
      kept(value as Record<string, unknown>, out);
    }
    return out;
  }
  const err = value as Error & Record<string, unknown>;
  const type = err.constructor?.name && err.constructor.name !== 'Object' ? err.constructor.name : err.name;
  const safe = messageIsSafe(err);
  const message = safe ? safeMessage(err) : '[withheld]';
  const out: SerializedError = { type, message };
  kept(err, out);
  if (!safe) {
    const position = positionsOf(err, String(err.message ?? ''));
    if (position) out.position = position;
  }
  const stackFrames = frames(err.stack);
  if (stackFrames.length > 0) out.stack = [`${type}: ${message}`, ...stackFrames].join('\n');
  if (depth < MAX_DEPTH) {
    if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
    if (Array.isArray(err.errors)) out.errors = err.errors.slice(0, 5).map((e: unknown) => serializeError(e, depth + 1));
  }
  return out;
}
