import { describe, it, expect } from 'vitest';
import { Broker, BrokerUnavailable } from '../../../queue/broker.ts';
import { captureLogger, waitFor } from './support.ts';

// Nothing listens on port 1: the broker must keep trying in the background without throwing.
describe('Broker without a reachable RabbitMQ', () => {
  it('stays down, refuses publishes at once, retries with backoff and closes cleanly', async () => {
    const { logger, lines } = captureLogger();
    const broker = new Broker({ url: 'amqp://guest:guest@127.0.0.1:1', prefix: 'kpt-offline', partners: ['p1'], logger, reconnectMinMs: 20, reconnectMaxMs: 50 });
    broker.start();
    expect(await broker.whenUp(300)).toBe(false);
    expect(broker.isUp).toBe(false);
    const t = performance.now();
    await expect(broker.publish(broker.names.deliver, 'p1', Buffer.from('x'))).rejects.toBeInstanceOf(BrokerUnavailable);
    expect(performance.now() - t).toBeLessThan(20);
    await expect(broker.ensurePartner('p2')).rejects.toMatchObject({ code: 'broker-unavailable' });
    expect(await broker.queueDepth(broker.names.dead)).toBeUndefined();
    await waitFor(() => lines.filter((l) => l.includes('cannot connect to the broker')).length >= 3, 2_000, 'repeated connect attempts');
    const waiting = broker.whenUp(60_000);
    await broker.close();
    expect(await waiting).toBe(false);
    const attempts = lines.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(lines.length).toBe(attempts); // no reconnects after close()
  });

  it('refuses partner names that would break topic routing', () => {
    const { logger } = captureLogger();
    expect(() => new Broker({ url: 'amqp://127.0.0.1:1', prefix: 'kp', partners: ['a.b'], logger })).toThrow(expect.objectContaining({ code: 'invalid-topology-name' }));
  });
});
