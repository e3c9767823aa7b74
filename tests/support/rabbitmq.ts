import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The RabbitMQ node a broker-fault test may stop and start: KP_TEST_RABBITMQ_NODE (e.g. rabbit2@localhost),
 * else the default node. CI, which owns its broker, leaves it unset; on a shared machine point it (and
 * AMQP_URL) at a node of your own, so a test never stops the broker everyone else uses.
 */
export const TEST_RABBITMQ_NODE: string | undefined = process.env.KP_TEST_RABBITMQ_NODE || undefined;

/** rabbitmqctl on one node (RABBITMQ_NODENAME); without a node, on the default one. */
export async function rabbitmqctl(node: string | undefined, ...args: string[]): Promise<string> {
  const env = { ...process.env, ...(node ? { RABBITMQ_NODENAME: node } : {}) };
  const { stdout } = await run('rabbitmqctl', args, { timeout: 120_000, env });
  return stdout.trim();
}

/**
 * A RabbitMQ node of the test's own beside the machine's (../shared/docs/rabbitmq-cluster.md): node N listens on
 * 127.0.0.1:(5671+N), distribution port 25690+N, data in /tmp/kp-rmqN. Needs root (it runs as `rabbitmq`).
 */
export class ExtraRabbitNode {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  private readonly dir: string;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 2) throw new Error('extra RabbitMQ nodes are numbered from 2');
    this.name = `rabbit${n}@localhost`;
    this.port = 5671 + n;
    this.url = `amqp://guest:guest@127.0.0.1:${this.port}`;
    this.dir = `/tmp/kp-rmq${n}`;
  }

  /** Starts the node unless it already runs; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (await this.running()) return;
    const d = this.dir;
    const script = [
      // Every folder made before the chown: one the node has to make itself ends up unwritable for it.
      `mkdir -p ${d}/mnesia ${d}/log && echo '[].' > ${d}/plugins`,
      `{ grep -v 'listeners.tcp' /etc/rabbitmq/rabbitmq.conf > ${d}/rabbitmq.conf || true; }`, // grep -v exits 1 when nothing is left
      `echo "listeners.tcp.default = 127.0.0.1:${this.port}" >> ${d}/rabbitmq.conf`,
      `chown -R rabbitmq:rabbitmq ${d}`,
      `RABBITMQ_CONFIG_FILE=${d}/rabbitmq.conf RABBITMQ_NODENAME=${this.name} RABBITMQ_NODE_PORT=${this.port} ` +
        `RABBITMQ_DIST_PORT=${25690 + this.n} RABBITMQ_MNESIA_BASE=${d}/mnesia RABBITMQ_LOG_BASE=${d}/log ` +
        `RABBITMQ_ENABLED_PLUGINS_FILE=${d}/plugins rabbitmq-server -detached`,
    ].join(' && ');
    // -detached may exit non-zero while the node boots fine; awaitStartup decides.
    await run('bash', ['-c', script], { timeout: 60_000, cwd: '/tmp' }).catch(() => undefined);
    await this.awaitStartup();
  }

  async awaitStartup(): Promise<void> {
    // A detached node takes a few seconds to register with epmd; await_startup fails until it has.
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await rabbitmqctl(this.name, '-q', 'await_startup', '--timeout', '60');
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  async running(): Promise<boolean> {
    return rabbitmqctl(this.name, '-q', 'ping').then(() => true, () => false);
  }

  stopApp(): Promise<string> {
    return rabbitmqctl(this.name, 'stop_app');
  }

  async startApp(): Promise<void> {
    await rabbitmqctl(this.name, 'start_app');
    await this.awaitStartup();
  }

  /** Makes this node a member of `other`'s cluster (its own data is reset). */
  async joinCluster(other: ExtraRabbitNode): Promise<void> {
    await rabbitmqctl(this.name, 'stop_app');
    await rabbitmqctl(this.name, 'reset');
    // A node of this name that was removed earlier (its folder deleted) may still be listed as a member there.
    await rabbitmqctl(other.name, 'forget_cluster_node', this.name).catch(() => undefined);
    await rabbitmqctl(this.name, 'join_cluster', other.name);
    await this.startApp();
  }

  async clusterMembers(): Promise<string[]> {
    const out = await rabbitmqctl(this.name, '-q', 'cluster_status', '--formatter', 'json');
    return (JSON.parse(out) as { running_nodes?: string[] }).running_nodes ?? [];
  }

  /** Stops the node and removes its folder. */
  async destroy(): Promise<void> {
    await rabbitmqctl(this.name, 'stop').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
