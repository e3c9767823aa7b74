import { pino, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.ts';
import { maskDigits } from './mask.ts';

// Personal data never reaches a log line (AVG): payloads and bodies are never logged, known
// personal fields are censored wherever they appear, 9-digit runs in URLs (a BSN in a path
// such as /v1/brp/volgindicaties/{burgerservicenummer}) are masked by the request serializer, and an
// error keeps its type, code, stack frames and cause but its message only when no input can be in it
// (observability/error-serializer.ts, docs/decisions/0010-error-logging.md). Log errors as `{ err }`.
const REDACT_PATHS = [
  'payload', '*.payload', 'body', '*.body', 'req.body',
  'bsn', '*.bsn', 'Bsn', '*.Bsn', 'bsns', '*.bsns', 'burgerservicenummer', '*.burgerservicenummer',
  'naam', '*.naam', 'Naam', '*.Naam', 'name.geslachtsnaam', '*.geslachtsnaam', '*.voornamen', '*.Achternaam', '*.Voornamen',
  'req.headers.authorization', 'req.headers.cookie',
];

export { maskDigits };

export interface LoggerSettings { level?: string; destination?: pino.DestinationStream }

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    // pid: with KP_WORKERS > 1 several gateway processes write one log; it says which.
    base: { service: 'ketenpoort', pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; socket?: { remoteAddress?: string } }) => ({
        id: req.id,
        method: req.method,
        url: req.url === undefined ? undefined : maskDigits(req.url),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

export type { Logger };
