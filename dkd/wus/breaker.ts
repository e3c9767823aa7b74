// A circuit breaker per dienst: after `failures` failures in a row it opens and nothing is sent for
// `openMs`; then one trial call goes (half-open): success closes it, failure opens it again.
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(private readonly failures: number, private readonly openMs: number, private readonly now: () => number = Date.now) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a trial may go; 0 when a call may go now. */
  get retryAfterMs(): number {
    return this.openedAt === undefined ? 0 : Math.max(0, this.openMs - (this.now() - this.openedAt));
  }

  /** Whether a call may go now; in half-open only one at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.consecutive = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failure(): void {
    this.consecutive++;
    if (this.trialInFlight || this.consecutive >= this.failures) this.openedAt = this.now();
    this.trialInFlight = false;
  }
}
