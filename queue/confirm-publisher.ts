import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import type { Logger } from 'pino';
import { BrokerUnavailable, describeBrokerError } from './errors.ts';

/**
 * One confirm channel shared by every publish on a connection: concurrent publishes are pipelined
 * and the broker confirms them in batches. The channel is reopened on the next publish when the
 * broker closes it (e.g. 404 for an exchange that does not exist) while the connection lives on.
 */
export class ConfirmPublisher {
  private channel: ConfirmChannel | null = null;
  private opening: Promise<ConfirmChannel> | null = null;
  private drained: Promise<void> | null = null;
  private readonly pending = new Set<(err: Error) => void>();
  private closed = false;

  constructor(
    private readonly conn: ChannelModel,
    private readonly log: Logger,
    private readonly confirmTimeoutMs: number,
  ) {}

  async open(): Promise<void> {
    await this.ready();
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    if (this.closed) return Promise.reject(new BrokerUnavailable('publisher closed'));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(settle);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => settle(new BrokerUnavailable(`no confirm within ${this.confirmTimeoutMs} ms`)), this.confirmTimeoutMs);
      this.pending.add(settle);
      void this.send(exchange, routingKey, content, options, settle, () => settled);
    });
  }

  /** Rejects every publish still waiting for its confirm (connection lost, broker blocked). */
  failAll(err: Error): void {
    for (const settle of [...this.pending]) settle(err);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Waits for outstanding confirms (each bounded by the confirm timeout), then closes the channel. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.size > 0) await new Promise((r) => setTimeout(r, 10));
    const ch = this.channel;
    this.channel = null;
    if (ch) await ch.close().catch(() => {});
  }

  private async send(
    exchange: string, routingKey: string, content: Buffer, options: Options.Publish,
    settle: (err?: Error) => void, isSettled: () => boolean,
  ): Promise<void> {
    try {
      // Backpressure: once the socket buffer is full, later publishes wait for 'drain'.
      while (this.drained) await this.drained;
      if (isSettled()) return;
      const ch = await this.ready();
      if (isSettled()) return;
      const accepted = ch.publish(exchange, routingKey, content, options, (err: unknown) => {
        if (!err) settle();
        else settle(new BrokerUnavailable(err instanceof Error && err.message === 'message nacked' ? 'message nacked by the broker' : 'channel closed before the confirm'));
      });
      if (!accepted) this.waitForDrain(ch);
    } catch (err) {
      // amqplib throws RangeError for a headers table too large to encode: the caller's mistake, not an outage.
      settle(err instanceof RangeError || err instanceof TypeError ? err : new BrokerUnavailable(describeBrokerError(err)));
    }
  }

  private ready(): Promise<ConfirmChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    if (this.closed) return Promise.reject(new BrokerUnavailable('publisher closed'));
    this.opening ??= this.openChannel().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openChannel(): Promise<ConfirmChannel> {
    const ch = await this.conn.createConfirmChannel();
    ch.on('error', (err: Error) => this.log.warn({ err }, 'broker closed the confirm channel; it is reopened on the next publish'));
    ch.on('close', () => {
      if (this.channel === ch) this.channel = null;
    });
    this.channel = ch;
    return ch;
  }

  private waitForDrain(ch: ConfirmChannel): void {
    if (this.drained) return;
    this.drained = new Promise<void>((resolve) => {
      const done = (): void => {
        ch.off('drain', done);
        ch.off('close', done);
        this.drained = null;
        resolve();
      };
      ch.on('drain', done);
      ch.on('close', done);
    });
  }
}
