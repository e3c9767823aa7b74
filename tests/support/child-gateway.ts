import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** How a child gateway ended, and how long after the signal. */
export interface ChildExit { code: number | null; signal: NodeJS.Signals | null; ms: number; forced: boolean }

/** The gateway as its own process (`node --import tsx main.ts`), so a test can SIGKILL it. */
export class ChildGateway {
  private child: ChildProcess | undefined;
  readonly logs: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('main.ts')], {
      env: { ...process.env, ...this.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let buffered = '';
    const listening = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start in ${timeoutMs} ms:\n${this.logs.slice(-5).join('\n')}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString();
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          this.logs.push(line);
          if (line.includes('ketenpoort listening')) { clearTimeout(timer); resolve(); }
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c: Buffer) => this.logs.push(c.toString()));
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`gateway exited with ${code}:\n${this.logs.slice(-5).join('\n')}`)); });
    });
    await listening;
  }

  /** True while the process runs (it has not exited since start). */
  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.signal(signal).then(() => undefined);
  }

  /** Sends `signal` and resolves when the process has exited: how, and how long it took (undefined: not running). */
  signal(signal: NodeJS.Signals): Promise<ChildExit | undefined> {
    const child = this.child;
    // A process killed by a signal has exitCode null and signalCode set: it is gone all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(undefined);
    const sent = Date.now();
    return new Promise((resolve) => {
      child.once('exit', (code, killedBy) => resolve({ code, signal: killedBy, ms: Date.now() - sent, forced: false }));
      child.kill(signal);
    });
  }

  /** SIGTERM, and SIGKILL after `withinMs` if it has not exited by then (`forced`): a test never waits for ever. */
  async stop(withinMs: number): Promise<ChildExit | undefined> {
    const child = this.child;
    let forced = false;
    const timer = setTimeout(() => { forced = true; child?.kill('SIGKILL'); }, withinMs);
    try {
      const exit = await this.signal('SIGTERM');
      return exit && { ...exit, forced };
    } finally {
      clearTimeout(timer);
    }
  }
}
