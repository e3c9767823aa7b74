import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { reconnectDelay } from './backoff.ts';

export type HandlerResult = 'ack' | 'reject' | 'requeue';
export type MessageHandler = (msg: ConsumeMessage) => Promise<HandlerResult>;

const THROW_PAUSE_MIN_MS = 1_000;
const THROW_PAUSE_MAX_MS = 30_000;

export interface RestartBackoff {
  minMs: number;
  maxMs: number;
}

/**
 * A consumer on its own channel that outlives channels and connections: the broker attaches it to
 * every new connection, and it reopens its channel (with backoff) when the broker closes only the
 * channel, e.g. 404 for a queue that does not exist yet or 406 PRECONDITION_FAILED.
 */
export class ManagedConsumer {
  private conn: ChannelModel | null = null;
  private channel: Channel | null = null;
  private consumerTag: string | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private cancelled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pauses = new Set<() => void>();
  private throwStreak = 0;

  constructor(
    readonly queue: string,
    private readonly prefetch: number,
    private readonly handler: MessageHandler,
    private readonly log: Logger,
    private readonly backoff: RestartBackoff,
  ) {}

  attach(conn: ChannelModel): void {
    if (this.cancelled) return;
    this.conn = conn;
    void this.start(conn);
  }

  /** The connection is gone; its channel with it. Unacked messages go back to the queue. */
  detach(conn: ChannelModel): void {
    if (this.conn !== conn) return;
    this.conn = null;
    this.channel = null;
    this.consumerTag = null;
    this.clearRestart();
  }

  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    this.clearRestart();
    for (const wake of [...this.pauses]) wake();
    const ch = this.channel;
    const tag = this.consumerTag;
    if (ch && tag) await ch.cancel(tag).catch(() => {});
    // Let handlers that are running finish and ack before the channel closes.
    await Promise.allSettled([...this.inFlight]);
    if (ch) await ch.close().catch(() => {});
    this.channel = null;
    this.conn = null;
  }

  private async start(conn: ChannelModel): Promise<void> {
    if (this.cancelled || this.conn !== conn || this.channel) return;
    let ch: Channel | undefined;
    try {
      ch = await conn.createChannel();
      const channel = ch;
      channel.on('error', (err: Error) => this.log.warn({ queue: this.queue, err }, 'broker closed a consumer channel; it is reopened'));
      channel.on('close', () => this.onChannelClosed(conn, channel));
      await channel.prefetch(this.prefetch);
      const { consumerTag } = await channel.consume(this.queue, (msg) => this.onMessage(channel, msg), { noAck: false });
      if (this.cancelled || this.conn !== conn) {
        await channel.close().catch(() => {});
        return;
      }
      this.channel = channel;
      this.consumerTag = consumerTag;
      this.failures = 0;
    } catch (err) {
      if (this.conn === conn && !this.cancelled) this.log.warn({ queue: this.queue, err }, 'consumer could not start; retrying');
      await ch?.close().catch(() => {});
      this.scheduleRestart(conn);
    }
  }

  private onChannelClosed(conn: ChannelModel, ch: Channel): void {
    if (this.channel === ch) {
      this.channel = null;
      this.consumerTag = null;
    }
    if (this.channel === null) this.scheduleRestart(conn);
  }

  private scheduleRestart(conn: ChannelModel): void {
    if (this.restartTimer || this.cancelled || this.conn !== conn) return;
    const delay = reconnectDelay(this.failures++, this.backoff.minMs, this.backoff.maxMs);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.start(conn);
    }, delay);
  }

  /** A wait that cancel() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); this.pauses.delete(wake); resolve(); };
      const timer = setTimeout(wake, ms);
      this.pauses.add(wake);
    });
  }

  private clearRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private onMessage(ch: Channel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // The broker cancelled the consumer (queue deleted). Closing the channel triggers a restart.
      this.log.warn({ queue: this.queue }, 'broker cancelled the consumer; restarting it');
      void ch.close().catch(() => {});
      return;
    }
    // After cancel(): leave the message unacked, closing the channel returns it to the queue.
    if (this.cancelled) return;
    const handled = this.handle(ch, msg);
    this.inFlight.add(handled);
    void handled.finally(() => this.inFlight.delete(handled));
  }

  private async handle(ch: Channel, msg: ConsumeMessage): Promise<void> {
    let result: HandlerResult;
    try {
      result = await this.handler(msg);
      this.throwStreak = 0;
    } catch (err) {
      // Never an immediate requeue: a handler that throws (the store down, say) would spin through the
      // queue's delivery limit in a tight loop. The message is held back, longer the more handlers fail in
      // a row, then given back; past the delivery limit it goes to the dead queue, and the store still
      // knows it as not done (the reconciler puts it back on its way).
      const delayMs = reconnectDelay(this.throwStreak++, THROW_PAUSE_MIN_MS, THROW_PAUSE_MAX_MS);
      this.log.warn({ queue: this.queue, messageId: msg.properties.messageId, err, retryInMs: delayMs }, 'message handler threw; message given back after a pause');
      await this.pause(delayMs);
      result = 'requeue';
    }
    try {
      if (result === 'ack') ch.ack(msg);
      else if (result === 'reject') ch.reject(msg, false);
      else ch.nack(msg, false, true);
    } catch {
      // The channel died meanwhile; the broker redelivers the message on another channel.
    }
  }
}
