import type { Logger } from 'pino';

/**
 * The steps of a gateway's stop, run one after the other. A step that fails is logged and the next one runs (a
 * broker that will not close must not keep the store open); the stop fails at the end. `open` names the steps
 * begun and not finished, for the line main.ts logs when the hard deadline passes.
 */
export class ShutdownSteps {
  readonly #open = new Map<string, number>();
  readonly #failed: string[] = [];

  constructor(private readonly logger: Logger) {}

  async run(step: string, work: () => Promise<unknown>): Promise<void> {
    const started = Date.now();
    this.#open.set(step, started);
    try {
      await work();
      this.logger.debug({ step, ms: Date.now() - started }, 'shutdown step done');
    } catch (err) {
      this.#failed.push(step);
      this.logger.error({ step, err }, 'shutdown step failed; going on with the next');
    } finally {
      this.#open.delete(step);
    }
  }

  /** Steps begun and not finished, with how long they have run. */
  get open(): { step: string; ms: number }[] {
    const now = Date.now();
    return [...this.#open].map(([step, started]) => ({ step, ms: now - started }));
  }

  /** Throws when a step failed. */
  finish(): void {
    if (this.#failed.length > 0) throw new Error(`shutdown steps failed: ${this.#failed.join(', ')}`);
  }
}

/** What keeps the event loop alive, by kind (sockets, timers, …): the other half of a hung stop's story. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Runs `close` with a hard deadline: a stop that has not finished after `timeoutMs` is logged with the steps
 * still open and ends the process with code 1. Resolves with the exit code for a stop that finished.
 */
export async function stopWithin(
  close: () => Promise<void>, open: () => { step: string; ms: number }[], timeoutMs: number, logger: Logger, exit: (code: number) => never,
): Promise<number> {
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs, open: open(), resources: activeResources() }, 'shutdown did not finish in time; exiting with what is still open');
    exit(1);
  }, timeoutMs);
  try {
    await close();
    return 0;
  } catch (err) {
    logger.error({ err }, 'shutdown finished with errors');
    return 1;
  } finally {
    clearTimeout(deadline);
  }
}
