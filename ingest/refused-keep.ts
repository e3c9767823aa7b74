import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { parseEnvironment, type Environment } from '../config/schema.ts';
import type { Store } from '../store/index.ts';
import { chargeRefusedBudget, dropRefusedBudgetsBefore } from '../store/refused-budget.ts';
import { loggable } from '../store/unavailable.ts';

// What of a refused message is kept for the operator. A refusal is always answered; keeping it must
// not let a certified partner fill the disk (issue 9: every refused body was kept whole, up to 25 MB).
// - Each refused body is kept up to `keepBytes`; the rest is cut off and the 'refused' event says so
//   (`truncated: {originalBytes, originalSha256, keptBytes}`).
// - Each partner may add at most `maxPerPartnerBytes` of refused messages per `windowMs`; beyond that its
//   refusals are answered but not kept (metric kp_refused_not_kept_total, one warning per window and process).
// The budget is kept in the store (storeRefusedBudget): one row per partner and window, charged by one
// conditional statement, so several gateway processes share it. Windows are fixed (multiples of windowMs since
// the epoch), so every process computes the same one. The statement costs one write per refusal that is kept,
// beside the insert that keeps it; refusals past the budget cost one statement and keep nothing.

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

/** Where the budget is counted. */
export interface RefusedBudget {
  /** Adds `bytes` to the partner's window unless the total would pass `maxBytes`; true when added. */
  charge(partner: string, windowStart: number, bytes: number, maxBytes: number): Promise<boolean>;
}

/** One process's own budget, in memory (tests; a gateway uses the store's). */
export class MemoryRefusedBudget implements RefusedBudget {
  private readonly used = new Map<string, { windowStart: number; bytes: number }>();

  async charge(partner: string, windowStart: number, bytes: number, maxBytes: number): Promise<boolean> {
    let w = this.used.get(partner);
    if (!w || w.windowStart !== windowStart) this.used.set(partner, (w = { windowStart, bytes: 0 }));
    if (w.bytes + bytes > maxBytes) return false;
    w.bytes += bytes;
    return true;
  }
}

/** The budget in the store, shared by every process on it; rows of past windows are dropped once per window. */
export function storeRefusedBudget(store: Store): RefusedBudget {
  const db = store.tables<object>();
  let droppedBefore = 0;
  return {
    async charge(partner, windowStart, bytes, maxBytes) {
      const charged = await chargeRefusedBudget(db, { partner, windowStart, bytes, maxBytes });
      if (windowStart > droppedBefore) {
        droppedBefore = windowStart;
        await dropRefusedBudgetsBefore(db, windowStart).catch(() => undefined); // any process may; the next window tries again
      }
      return charged;
    },
  };
}

export class RefusedKeeper {
  /** Per partner, the window this process last warned about. */
  private readonly warned = new Map<string, number>();
  private readonly kept: Counter<'partner'> | undefined;
  private readonly notKept: Counter<'partner'> | undefined;
  private readonly truncated: Counter<'partner'> | undefined;

  constructor(
    private readonly settings: RefusedKeepSettings = DEFAULT_REFUSED_KEEP,
    private readonly logger?: Logger,
    registry?: Registry,
    private readonly now: () => number = Date.now,
    private readonly budget: RefusedBudget = new MemoryRefusedBudget(),
  ) {
    if (registry) {
      this.kept = new Counter({ name: 'kp_refused_kept_bytes_total', help: 'Bytes of refused messages kept for the operator', labelNames: ['partner'], registers: [registry] });
      this.notKept = new Counter({ name: 'kp_refused_not_kept_total', help: 'Refused messages answered but not kept: the partner\'s budget for the window was spent', labelNames: ['partner'], registers: [registry] });
      this.truncated = new Counter({ name: 'kp_refused_truncated_total', help: 'Refused messages kept only up to KP_REFUSED_KEEP_BYTES', labelNames: ['partner'], registers: [registry] });
    }
  }

  /**
   * Whether (and how much of) a partner's refused body is kept; counts what is kept against its budget. When the
   * budget cannot be read (the store is down, so the refusal could not be kept either) it is not kept.
   * `sha256`: the body's, when the worker pool computed it already (a 25 MB hash is not for the event loop).
   */
  async decide(partner: string, body: Buffer, sha256?: string): Promise<KeepDecision> {
    const { keepBytes, maxPerPartnerBytes, windowMs } = this.settings;
    const windowStart = Math.floor(this.now() / windowMs) * windowMs;
    const size = Math.min(body.length, keepBytes);
    let charged: boolean;
    try {
      charged = await this.budget.charge(partner, windowStart, size, maxPerPartnerBytes);
    } catch (err) {
      this.logger?.warn({ partner, err: loggable(err) }, 'refusal budget not readable; this refusal is answered but not kept');
      return { keep: false };
    }
    if (!charged) {
      this.notKept?.inc({ partner });
      if (this.warned.get(partner) !== windowStart) {
        this.warned.set(partner, windowStart);
        this.logger?.warn({ partner, budgetBytes: maxPerPartnerBytes, windowMs, windowStartedAt: new Date(windowStart).toISOString() },
          'refused messages of this partner are answered but no longer kept until the window ends (KP_REFUSED_MAX_PER_PARTNER_BYTES)');
      }
      return { keep: false };
    }
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
