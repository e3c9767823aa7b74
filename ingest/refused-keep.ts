import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { parseEnvironment, type Environment } from '../config/schema.ts';

// What of a refused message is kept for the operator. A refusal is always answered; keeping it must
// not let a certified partner fill the disk (issue 9: every refused body was kept whole, up to 25 MB).
// - Each refused body is kept up to `keepBytes`; the rest is cut off and the 'refused' event says so
//   (`truncated: {originalBytes, originalSha256, keptBytes}`).
// - Each partner may add at most `maxPerPartnerBytes` of refused messages per `windowMs`; beyond that its
//   refusals are answered but not kept (metric kp_refused_not_kept_total, one warning per window).
// The budget is counted per process, in memory: with several gateway processes each has its own.

export interface RefusedKeepSettings {
  keepBytes: number;
  maxPerPartnerBytes: number;
  windowMs: number;
}

export const DEFAULT_REFUSED_KEEP: RefusedKeepSettings = {
  keepBytes: 1024 * 1024,
  maxPerPartnerBytes: 100 * 1024 * 1024,
  windowMs: 24 * 60 * 60 * 1000,
};

/** From the validated environment (config/schema.ts: KP_REFUSED_KEEP_BYTES, KP_REFUSED_MAX_PER_PARTNER_BYTES, KP_REFUSED_WINDOW_MS). */
export function refusedKeep(e: Environment): RefusedKeepSettings {
  return { keepBytes: e.KP_REFUSED_KEEP_BYTES, maxPerPartnerBytes: e.KP_REFUSED_MAX_PER_PARTNER_BYTES, windowMs: e.KP_REFUSED_WINDOW_MS };
}

/** The settings of `env` alone (tests); the gateway takes them from its Settings. */
export function refusedKeepFromEnv(env: NodeJS.ProcessEnv): RefusedKeepSettings {
  return refusedKeep(parseEnvironment(env));
}

export type KeepDecision =
  | { keep: false }
  | { keep: true; payload: Buffer; truncated?: { originalBytes: number; originalSha256: string } };

interface Window { startedAt: number; bytes: number; warned: boolean }

export class RefusedKeeper {
  private readonly windows = new Map<string, Window>();
  private readonly kept: Counter<'partner'> | undefined;
  private readonly notKept: Counter<'partner'> | undefined;
  private readonly truncated: Counter<'partner'> | undefined;

  constructor(
    private readonly settings: RefusedKeepSettings = DEFAULT_REFUSED_KEEP,
    private readonly logger?: Logger,
    registry?: Registry,
    private readonly now: () => number = Date.now,
  ) {
    if (registry) {
      this.kept = new Counter({ name: 'kp_refused_kept_bytes_total', help: 'Bytes of refused messages kept for the operator', labelNames: ['partner'], registers: [registry] });
      this.notKept = new Counter({ name: 'kp_refused_not_kept_total', help: 'Refused messages answered but not kept: the partner\'s budget for the window was spent', labelNames: ['partner'], registers: [registry] });
      this.truncated = new Counter({ name: 'kp_refused_truncated_total', help: 'Refused messages kept only up to KP_REFUSED_KEEP_BYTES', labelNames: ['partner'], registers: [registry] });
    }
  }

  /**
   * Whether (and how much of) a partner's refused body is kept; counts what is kept against its budget.
   * `sha256`: the body's, when the worker pool computed it already (a 25 MB hash is not for the event loop).
   */
  decide(partner: string, body: Buffer, sha256?: string): KeepDecision {
    const { keepBytes, maxPerPartnerBytes, windowMs } = this.settings;
    const now = this.now();
    let w = this.windows.get(partner);
    if (!w || now - w.startedAt >= windowMs) {
      w = { startedAt: now, bytes: 0, warned: false };
      this.windows.set(partner, w);
    }
    const size = Math.min(body.length, keepBytes);
    if (w.bytes + size > maxPerPartnerBytes) {
      this.notKept?.inc({ partner });
      if (!w.warned) {
        w.warned = true;
        this.logger?.warn({ partner, budgetBytes: maxPerPartnerBytes, windowMs, windowStartedAt: new Date(w.startedAt).toISOString() },
          'refused messages of this partner are answered but no longer kept until the window ends (KP_REFUSED_MAX_PER_PARTNER_BYTES)');
      }
      return { keep: false };
    }
    w.bytes += size;
    this.kept?.inc({ partner }, size);
    if (body.length <= keepBytes) return { keep: true, payload: body };
    this.truncated?.inc({ partner });
    return {
      keep: true,
      payload: body.subarray(0, keepBytes),
      truncated: { originalBytes: body.length, originalSha256: sha256 ?? createHash('sha256').update(body).digest('hex') },
    };
  }
}
