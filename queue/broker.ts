import { EventEmitter } from 'node:events';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { reconnectDelay } from './backoff.ts';
import { ConfirmPublisher } from './confirm-publisher.ts';
import { ManagedConsumer } from './consumer.ts';
import type { HandlerResult } from './consumer.ts';
import { BrokerUnavailable } from './errors.ts';
import { DEFAULT_RETRY_TIERS, assertPartnerName, assertRetryTiers, declareCoreTopology, declarePartnerQueue, topologyNames } from './topology.ts';
import type { TopologyNames } from './topology.ts';

export { BrokerUnavailable } from './errors.ts';
export type { HandlerResult } from './consumer.ts';

export interface BrokerOptions {
  url: string;
  prefix: string;
  partners: readonly string[];
  retryTiers?: readonly number[];
  logger: Logger;
  confirmTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

const HEARTBEAT_SECONDS = 10;
const CONNECT_TIMEOUT_MS = 5_000;

// Two connections per session. RabbitMQ blocks a connection that publishes during a memory or
// disk alarm and then reads nothing from it, acks included; consumers on a connection of their
// own keep draining queues (which is what ends the alarm). Topology and admin calls go there too.
interface Session {
  readonly main: ChannelModel;
  readonly pub: ChannelModel;
  readonly publisher: ConfirmPublisher;
  lost: boolean;
}

/**
 * The gateway's RabbitMQ client: declares the topology on every (re)connect, publishes with
 * confirms, runs consumers, and recovers from connection and channel loss by itself.
 * Events: 'up' (connected, topology declared), 'down' (connection lost or closed).
 */
export class Broker extends EventEmitter {
  readonly names: TopologyNames;
  private readonly log: Logger;
  /** The retry delay tiers, in milliseconds: one delay queue each. */
  readonly tiers: readonly number[];
  private readonly partners: Set<string>;
  private readonly consumers = new Set<ManagedConsumer>();
  private readonly upWaiters = new Set<(up: boolean) => void>();
  private readonly confirmTimeoutMs: number;
  private readonly reconnectMinMs: number;
  private readonly reconnectMaxMs: number;
  private session: Session | null = null;
  private up = false;
  private blocked = false;
  private started = false;
  private closing = false;
  private attempt = 0;
  private urlIndex = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: BrokerOptions) {
    super();
    this.names = topologyNames(opts.prefix);
    this.log = opts.logger;
    this.tiers = opts.retryTiers ?? DEFAULT_RETRY_TIERS;
    assertRetryTiers(this.tiers);
    for (const partner of opts.partners) assertPartnerName(partner);
    this.partners = new Set(opts.partners);
    this.confirmTimeoutMs = opts.confirmTimeoutMs ?? 10_000;
    this.reconnectMinMs = opts.reconnectMinMs ?? 500;
    this.reconnectMaxMs = opts.reconnectMaxMs ?? 10_000;
  }

  get isUp(): boolean {
    return this.up && !this.closing;
  }

  /** True while a resource alarm blocks publishing (publish() rejects at once meanwhile). */
  get isBlocked(): boolean {
    return this.blocked;
  }

  /** A delivery queue to declare (a partner or a local consumer); before start() only. */
  addDestination(name: string): void {
    if (this.started) throw new Error('addDestination after start: use ensurePartner');
    assertPartnerName(name);
    this.partners.add(name);
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    void this.connectOnce();
  }

  whenUp(timeoutMs: number): Promise<boolean> {
    if (this.isUp) return Promise.resolve(true);
    if (this.closing) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const done = (up: boolean): void => {
        clearTimeout(timer);
        this.upWaiters.delete(done);
        resolve(up);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.upWaiters.add(done);
    });
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish = {}): Promise<void> {
    const session = this.session;
    if (!this.up || this.closing || !session) return Promise.reject(new BrokerUnavailable('not connected'));
    if (this.blocked) return Promise.reject(new BrokerUnavailable('publishing blocked by a broker resource alarm'));
    // An invalid expiration makes the broker close the shared channel, failing every publish in flight.
    if (options.expiration !== undefined && !/^\d{1,15}$/.test(String(options.expiration))) {
      return Promise.reject(new RangeError('expiration must be a whole number of milliseconds'));
    }
    return session.publisher.publish(exchange, routingKey, content, { persistent: true, ...options });
  }

  consume(queue: string, prefetch: number, handler: (msg: ConsumeMessage) => Promise<HandlerResult>): { cancel(): Promise<void> } {
    const consumer = new ManagedConsumer(queue, prefetch, handler, this.log, { minMs: this.reconnectMinMs, maxMs: this.reconnectMaxMs });
    this.consumers.add(consumer);
    if (this.up && this.session) consumer.attach(this.session.main);
    return {
      cancel: async () => {
        this.consumers.delete(consumer);
        await consumer.cancel();
      },
    };
  }

  /**
   * Declares and binds the delivery queue of a partner added at run time; it is redeclared on every
   * reconnect from then on. Rejects with BrokerUnavailable when down (call again later).
   */
  async ensurePartner(partner: string): Promise<void> {
    assertPartnerName(partner);
    const session = this.session;
    if (!this.up || !session) throw new BrokerUnavailable('not connected');
    await this.withChannel(session, (ch) => declarePartnerQueue(ch, this.names, partner));
    this.partners.add(partner);
  }

  /** Runs `work` on a channel of its own, closed afterwards; rejects with BrokerUnavailable when down. */
  async onChannel<T>(work: (ch: Channel) => Promise<T>): Promise<T> {
    const session = this.session;
    if (!this.up || !session) throw new BrokerUnavailable('not connected');
    return this.withChannel(session, work);
  }

  /** Ready messages in a queue; undefined when down or when the queue does not exist. */
  async queueDepth(queue: string): Promise<number | undefined> {
    const session = this.session;
    if (!this.up || !session) return undefined;
    try {
      return await this.withChannel(session, async (ch) => (await ch.checkQueue(queue)).messageCount);
    } catch {
      return undefined;
    }
  }

  /** Stops consumers (letting running handlers finish), waits for outstanding confirms, closes the connections. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await Promise.allSettled([...this.consumers].map((c) => c.cancel()));
    this.consumers.clear();
    const session = this.session;
    this.session = null;
    if (session) {
      await session.publisher.close();
      session.lost = true;
      await closeQuietly(session.pub);
      await closeQuietly(session.main);
    }
    for (const waiter of [...this.upWaiters]) waiter(false);
    const wasUp = this.up;
    this.up = false;
    if (wasUp) this.announce('down');
  }

  private async connectOnce(): Promise<void> {
    this.reconnectTimer = null;
    if (this.closing) return;
    let main: ChannelModel | undefined;
    let pub: ChannelModel | undefined;
    try {
      main = await this.openConnection('main');
      pub = await this.openConnection('publish');
    } catch (err) {
      if (main) await closeQuietly(main);
      this.log.warn({ err, attempt: this.attempt, node: this.urlIndex }, 'cannot connect to the broker');
      this.urlIndex++; // the next node of a cluster, if AMQP_URL lists several
      this.scheduleReconnect();
      return;
    }
    const session: Session = { main, pub, publisher: new ConfirmPublisher(pub, this.log, this.confirmTimeoutMs), lost: false };
    this.watch(session, main, 'main');
    this.watch(session, pub, 'publish');
    pub.on('blocked', (reason: string) => this.onBlocked(session, reason));
    pub.on('unblocked', () => this.onUnblocked(session));
    if (this.closing) {
      session.lost = true;
      await closeQuietly(pub);
      await closeQuietly(main);
      return;
    }
    this.session = session;
    try {
      await this.withChannel(session, (ch) => declareCoreTopology(ch, this.names, this.tiers));
      await this.declarePartners(session);
      await session.publisher.open();
    } catch (err) {
      if (!session.lost) {
        this.log.warn({ err }, 'broker topology declaration failed; reconnecting');
        this.onSessionLost(session, 'topology declaration failed');
      }
      return;
    }
    if (session.lost || this.closing) return;
    this.attempt = 0;
    this.blocked = false;
    this.up = true;
    for (const consumer of this.consumers) consumer.attach(main);
    this.log.info({ prefix: this.opts.prefix }, 'broker up');
    for (const waiter of [...this.upWaiters]) waiter(true);
    this.announce('up');
  }

  // One partner whose queue cannot be declared (e.g. it exists with other arguments) must not keep
  // the whole gateway off the broker: log it and go on. Its messages follow whatever bindings exist,
  // or reach P.dead through the alternate exchange when there are none.
  private async declarePartners(session: Session): Promise<void> {
    for (const partner of this.partners) {
      try {
        await this.withChannel(session, (ch) => declarePartnerQueue(ch, this.names, partner));
      } catch (err) {
        if (session.lost) throw err;
        this.log.error({ partner, err }, 'cannot declare the delivery queue of a partner');
      }
    }
  }

  /**
   * AMQP_URL may list several nodes of a cluster, comma-separated: the broker stays on one until it cannot
   * connect there, then tries the next.
   */
  private get url(): string {
    const urls = this.opts.url.split(',').map((u) => u.trim()).filter((u) => u !== '');
    return urls[this.urlIndex % urls.length] ?? this.opts.url;
  }

  private openConnection(role: string): Promise<ChannelModel> {
    return connect(withHeartbeat(this.url), {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `ketenpoort ${this.opts.prefix} ${role}` },
    });
  }

  private watch(session: Session, conn: ChannelModel, role: string): void {
    conn.on('error', (err: Error) => this.log.warn({ connection: role, err }, 'broker connection error'));
    conn.on('close', () => this.onSessionLost(session, `${role} connection closed`));
  }

  private onSessionLost(session: Session, reason: string): void {
    if (session.lost) return;
    session.lost = true;
    if (this.session === session) this.session = null;
    const wasUp = this.up;
    this.up = false;
    this.blocked = false;
    session.publisher.failAll(new BrokerUnavailable(reason));
    for (const consumer of this.consumers) consumer.detach(session.main);
    void closeQuietly(session.pub);
    void closeQuietly(session.main);
    if (this.closing) return;
    if (wasUp) {
      this.log.warn({ reason }, 'broker down; reconnecting');
      this.announce('down');
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closing) return;
    const delay = reconnectDelay(this.attempt++, this.reconnectMinMs, this.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => void this.connectOnce(), delay);
  }

  private onBlocked(session: Session, reason: string): void {
    if (session !== this.session) return;
    this.blocked = true;
    this.log.warn({ reason }, 'broker blocked publishing (resource alarm)');
    // Confirms may never come while blocked. A rejected message stays unpublished in the store and
    // is published again later; consumers are idempotent, so a late confirm of this copy is harmless.
    session.publisher.failAll(new BrokerUnavailable(`publishing blocked by a broker resource alarm (${reason})`));
  }

  private onUnblocked(session: Session): void {
    if (session !== this.session) return;
    this.blocked = false;
    this.log.warn('broker unblocked publishing');
  }

  // A throwing listener must not break reconnecting (these run inside amqplib's socket handlers).
  private announce(event: 'up' | 'down'): void {
    try {
      this.emit(event);
    } catch (err) {
      this.log.error({ event, err }, 'a broker event listener threw');
    }
  }

  // A short-lived channel: a failing declaration or check closes only that channel.
  private async withChannel<T>(session: Session, work: (ch: Channel) => Promise<T>): Promise<T> {
    const ch = await session.main.createChannel();
    ch.on('error', () => {});
    try {
      return await work(ch);
    } finally {
      await ch.close().catch(() => {});
    }
  }
}

function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(HEARTBEAT_SECONDS));
  return parsed.toString();
}

async function closeQuietly(conn: ChannelModel): Promise<void> {
  try {
    await conn.close();
  } catch {
    // already closed
  }
}
