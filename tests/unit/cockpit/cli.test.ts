import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../cli/args.ts';
import { progressLine } from '../../../cli/commands/dead.ts';
import { connectionOf, type Io } from '../../../cli/context.ts';
import { table } from '../../../cli/format.ts';
import { commandFirst, run } from '../../../cli/main.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false };
}

describe('ketenpoort CLI (no gateway needed)', () => {
  it('parses options, switches and positionals, and names an unknown option', () => {
    const a = parseArgs(['m1', '--reason', 'http-400', '--dry-run', '--rate=20', 'm2'], { options: ['reason', 'rate'], switches: ['dry-run'] });
    expect(a.positionals).toEqual(['m1', 'm2']);
    expect(Object.fromEntries(a.options)).toEqual({ reason: 'http-400', rate: '20' });
    expect([...a.switches]).toEqual(['dry-run']);
    expect(() => parseArgs(['--reasn', 'x'], { options: ['reason'], switches: [] })).toThrow(new UsageError('unknown option --reasn'));
    expect(() => parseArgs(['--reason'], { options: ['reason'], switches: [] })).toThrow(/needs a value/);
    expect(() => parseArgs(['--dry-run=yes'], { options: [], switches: ['dry-run'] })).toThrow(/takes no value/);
  });

  it('defaults to the dev operator certificate and localhost:8443, overridden by flags and environment', () => {
    const none = connectionOf(parseArgs([], { options: [], switches: [] }), {});
    expect(none.url).toBe('https://localhost:8443');
    expect(none.cert).toMatch(/certs-dev\/out\/operator\.crt$/);
    expect(none.key).toMatch(/certs-dev\/out\/operator\.key$/);
    expect(none.ca).toMatch(/certs-dev\/out\/ca\.crt$/);
    const env = connectionOf(parseArgs(['--url', 'https://gw:9443'], { options: ['url'], switches: [] }), { KP_URL: 'https://other', KP_OPERATOR_CERT: '/etc/kp/op.crt' });
    expect(env.url).toBe('https://gw:9443');
    expect(env.cert).toBe('/etc/kp/op.crt');
  });

  it('reads its KP_* variables by the configuration schema: a bad one is a usage error naming it (exit 2)', async () => {
    const none = parseArgs([], { options: [], switches: [] });
    expect(() => connectionOf(none, { KP_URL: 'http://gw:8443' })).toThrow(new UsageError('KP_URL: must be a URL starting https://, got "http://gw:8443"'));
    // A gateway setting the CLI never reads does not stop it.
    expect(connectionOf(none, { KP_DEADLINE_SCAN_MS: 'abc' }).url).toBe('https://localhost:8443');
    const io = capture();
    expect(await run(['dead', 'list'], { KP_URL: 'gw' }, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/^ketenpoort: KP_URL: must be a URL/);
  });

  it('takes the connection options before the command too', async () => {
    expect(commandFirst(['--url', 'https://gw:9443', '--json', 'dead', 'list', '--reason', 'x'])).toEqual(['dead', 'list', '--reason', 'x', '--url', 'https://gw:9443', '--json']);
    expect(commandFirst(['--ca=/etc/ca.crt', 'messages', 'show', 'id1'])).toEqual(['messages', 'show', 'id1', '--ca=/etc/ca.crt']);
    expect(commandFirst(['dead', 'list', '--url', 'u'])).toEqual(['dead', 'list', '--url', 'u']);
    const io = capture();
    expect(await run(['--url'], {}, io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--url needs a value/);
  });

  it('aligns tables, numbers to the right', () => {
    expect(table(['REASON', 'COUNT'], [['http-400', 7], ['attempts-exhausted', 1000]]).split('\n')).toEqual([
      'REASON              COUNT',
      'http-400                7',
      'attempts-exhausted   1000',
    ]);
  });

  it('shows replay progress as a bar with counts', () => {
    const line = progressLine({ id: 'j', state: 'running', total: 1000, processed: 250, replayed: 240, skipped: 5, failed: 5, ratePerSecond: 50, etaSeconds: 15, errors: [] });
    expect(line).toBe('[########......................] 250/1000 (25%): 240 replayed, 5 skipped, 5 failed, about 15 s left');
  });

  it('answers a usage error with exit code 2 before contacting anything', async () => {
    const io = capture();
    expect(await run(['dead', 'replay'], {}, io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('give dead-letter ids, a filter (--reason, --partner, …) or --all');
    const both = capture();
    expect(await run(['dead', 'replay', 'm1', '--reason', 'x'], {}, both)).toBe(2);
    expect(both.stderr.join('\n')).toContain('not both');
    const unknown = capture();
    expect(await run(['dead', 'bury'], {}, unknown)).toBe(2);
    const help = capture();
    expect(await run(['help'], {}, help)).toBe(0);
    expect(help.stdout[0]).toContain('ketenpoort dead replay');
  });

  it('exits 3 when the certificate files are missing, naming the file', async () => {
    const io = capture();
    expect(await run(['dead', 'list', '--cert', '/nonexistent/op.crt'], {}, io)).toBe(3);
    expect(io.stderr[0]).toContain('/nonexistent/op.crt');
  });
});
