// Done-when #4: the `ketenpoort` CLI, spawned as a child process (bin/ketenpoort.ts as npm links it), against a
// running gateway over mTLS with the operator certificate.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { DEV_PARTNERS_FILE } from '../../support/certs.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';
import { until } from './ops-client.ts';

const BIN = path.resolve('bin/ketenpoort.ts');
const PARTNER = 'aanbieder-42420001';
const COUNT = 3;
let down = true;
let chain: TestChain;
let ids: string[] = [];

beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature],
    endpoints: { [PARTNER]: () => ({ status: down ? 500 : 200 }) },
    delivery: { maxAttempts: 1 },
  });
  const client = partnerClient(chain.certs, 'gemeente-0384');
  for (let n = 0; n < COUNT; n++) ids.push((await client.post(chain.kp.url, uniqueWmo301(20_000 + n))).body.id as string);
  await client.close();
  await until('dead letters', 20_000, async () => ((await chain.kp.store.countByStatus()).dead === COUNT ? true : undefined));
});

afterAll(async () => {
  await chain?.close();
});

interface Run { code: number; stdout: string; stderr: string }

function cli(args: readonly string[], who = 'operator'): Promise<Run> {
  const files = chain.certs.partner(who);
  const conn = ['--url', chain.kp.url, '--cert', files.cert, '--key', files.key, '--ca', chain.certs.caCert];
  // Connection flags go after the subcommand, as a user types them.
  const full = args[0] === 'partners' || args[0] === 'certs' ? [...args] : [...args, ...conn];
  return new Promise((resolve) => {
    execFile(BIN, full, { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('ketenpoort CLI against a running gateway', () => {
  it('dead list shows the dead letters grouped by reason', async () => {
    const run = await cli(['dead', 'list']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Dead letters: ${COUNT} (0 held)`);
    expect(lines[2]).toMatch(/^KIND\s+REASON\s+COUNT\s+HELD\s+OLDEST\s+NEWEST\s+PARTNERS$/);
    expect(lines[3]).toMatch(new RegExp(`^delivery\\s+attempts-exhausted\\s+${COUNT}\\s+0\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\S+ \\S+\\s+${PARTNER} \\(${COUNT}\\)$`));

    const json = await cli(['dead', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ total: COUNT, held: 0, groups: [{ kind: 'delivery', reason: 'attempts-exhausted', count: COUNT }] });
    const items = await cli(['dead', 'list', '--items']);
    for (const id of ids) expect(items.stdout).toContain(`${id}/${PARTNER}`);
  });

  it('dead replay --reason … --dry-run counts and changes nothing', async () => {
    const run = await cli(['dead', 'replay', '--reason', 'attempts-exhausted', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Dry run: ${COUNT} dead letters match; ${COUNT} would be replayed, 0 held (left out). Nothing was changed.`);
    expect(run.stdout).toMatch(new RegExp(`delivery\\s+attempts-exhausted\\s+${COUNT}`));
    const json = await cli(['dead', 'replay', '--reason', 'attempts-exhausted', '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, matched: COUNT, replayable: COUNT });
    expect((await chain.kp.store.countByStatus()).dead).toBe(COUNT);
    expect(chain.endpoints[PARTNER]!.received.size).toBe(0);
  });

  it('dead replay --reason … replays with progress once the partner is back', async () => {
    down = false;
    const run = await cli(['dead', 'replay', '--reason', 'attempts-exhausted', '--rate', '10']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Replay job \\S+: ${COUNT} dead letters at most 10/s\\n`));
    expect(run.stdout).toMatch(new RegExp(`Done: ${COUNT} replayed, 0 skipped, 0 failed in \\d+ s`));
    await chain.endpoints[PARTNER]!.waitFor(COUNT, 15_000);
    expect(chain.endpoints[PARTNER]!.duplicateRequests).toBe(0);
    await until('delivered', 10_000, async () => ((await chain.kp.store.countByStatus()).delivered === COUNT ? true : undefined));

    const search = await cli(['messages', 'search', '--status', 'delivered', '--json']);
    expect(JSON.parse(search.stdout).items.map((m: { id: string }) => m.id).sort()).toEqual([...ids].sort());
    const show = await cli(['messages', 'show', ids[0]!]);
    expect(show.stdout).toMatch(/replayed\s+destination=aanbieder-42420001 by=operator/);
    expect((await cli(['dead', 'list'])).stdout.split('\n')[0]).toBe('Dead letters: 0 (0 held)');
  });

  it('says what is wrong with exit codes: refused (1), usage (2), unreachable (3)', async () => {
    const refused = await cli(['dead', 'list'], 'gemeente-0384');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403 not-authorised');
    const usage = await cli(['dead', 'replay']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('give dead-letter ids, a filter (--reason, --partner, …) or --all');
    const files = chain.certs.partner('operator');
    const unreachable = await new Promise<Run>((resolve) => execFile(BIN, ['dead', 'list', '--url', 'https://127.0.0.1:1', '--cert', files.cert, '--key', files.key, '--ca', chain.certs.caCert],
      (err, stdout, stderr) => resolve({ code: (err as { code?: number } | null)?.code ?? 0, stdout, stderr })));
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('cannot reach the gateway');
  });

  it('partners check reports certificate expiry and endpoint reachability', async () => {
    const run = await cli(['partners', 'check', '--partners', chain.settings.partnersFile, '--client-cert', chain.certs.gatewayClientCert, '--client-key', chain.certs.gatewayClientKey, '--timeout', '2000', '--json']);
    const report = JSON.parse(run.stdout);
    const live = report.partners.find((p: { name: string }) => p.name === PARTNER);
    expect(live.reachable).toMatchObject({ ok: true, authorized: true });
    expect(live.certificates.map((c: { use: string; daysLeft: number }) => c.use)).toEqual(['client-ca', 'server-ca']);
    expect(live.certificates.every((c: { daysLeft: number }) => c.daysLeft > 30)).toBe(true);
    const dead = report.partners.find((p: { name: string }) => p.name === 'gemeente-0384');
    expect(dead.reachable.ok).toBe(false);
    expect(dead.problems[0]).toMatch(/^endpoint unreachable: ECONNREFUSED/);
    expect(report.partners.find((p: { name: string }) => p.name === 'operator').reachable).toBeNull();
    expect(run.code).toBe(1); // the other partners' endpoints are not running in this test
  });

  it('certs dev writes the development PKI, then finds it up to date', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kp-cli-certs-'));
    const first = await cli(['certs', 'dev', '--out', out, '--partners', DEV_PARTNERS_FILE]);
    expect(first.code).toBe(0);
    expect(existsSync(path.join(out, 'operator.crt'))).toBe(true);
    expect(existsSync(path.join(out, 'operator-pd.key'))).toBe(true);
    const second = await cli(['certs', 'dev', '--out', out, '--partners', DEV_PARTNERS_FILE]);
    expect(second.stdout.trim()).toBe(`${out}: up to date`);
  });
});
