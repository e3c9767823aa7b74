import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { createLogger } from '../../../observability/logger.ts';
import type { Logger } from 'pino';
import { TEST_RABBITMQ_NODE, rabbitmqctl as nodeCtl } from '../../support/rabbitmq.ts';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A prefix of its own per test file, so parallel runs and other people on this broker never collide. */
export function randomPrefix(tag: string): string {
  return `kpt-${tag}-${randomBytes(4).toString('hex')}`;
}

/** A real pino logger whose lines are kept for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  // The gateway's own logger (its err serializer withholds what an error message may quote: decision 0010).
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

/** A plain amqplib connection for looking at the broker from outside the Broker under test. */
export async function rawConnection(): Promise<{ conn: ChannelModel; channel(): Promise<Channel>; close(): Promise<void> }> {
  const conn = await connect(AMQP_URL);
  conn.on('error', () => {});
  return {
    conn,
    async channel() {
      const ch = await conn.createChannel();
      ch.on('error', () => {});
      return ch;
    },
    close: () => conn.close().catch(() => {}),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns something truthy; throws after timeoutMs. */
export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what = 'condition', intervalMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Takes one message from a queue (acked), waiting up to timeoutMs for it to arrive. */
export async function takeOne(ch: Channel, queue: string, timeoutMs: number): Promise<GetMessage> {
  return waitFor(async () => {
    const msg = await ch.get(queue, { noAck: true });
    return msg === false ? undefined : msg;
  }, timeoutMs, `a message in ${queue}`, 10);
}

/** rabbitmqctl on the node under test: KP_TEST_RABBITMQ_NODE (see tests/support/rabbitmq.ts), else the default node. */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  return nodeCtl(TEST_RABBITMQ_NODE, ...args);
}
