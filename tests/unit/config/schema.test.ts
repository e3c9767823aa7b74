import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { README_PATH, withConfigurationTable } from '../../../config/readme-table.ts';
import { FEATURE_NAMES, parseEnvironment, readVariables, SettingsError, unknownVariables, VARIABLES } from '../../../config/schema.ts';
import { settingsFromEnv } from '../../../config/settings.ts';
import { FEATURES } from '../../../ketenpoort.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NOT_PRODUCT = new Set(['node_modules', 'tests', 'bench', 'dist', 'data', '.git']);

function productFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return NOT_PRODUCT.has(entry.name) || entry.name.startsWith('.') ? [] : productFiles(path.join(dir, entry.name));
    return entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [];
  });
}

/** The error `settingsFromEnv(env)` throws, as its message. */
function invalid(env: NodeJS.ProcessEnv): string {
  try {
    settingsFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsError);
    return (err as Error).message;
  }
  throw new Error(`no SettingsError for ${Object.keys(env).join(', ')}`);
}

describe('the configuration schema', () => {
  it('holds every environment variable the product code reads (a grep over every .ts file outside tests/ and bench/)', () => {
    // The schema and its README writer name every variable themselves.
    const files = productFiles().filter((f) => !f.startsWith(path.join(ROOT, 'config', 'schema.ts')) && !f.endsWith(path.join('config', 'readme-table.ts')));
    expect(files.length).toBeGreaterThan(100);
    const named = new Map<string, string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // Every KP_* name anywhere (reads through a constant, such as adapters/ipgb's SCHEMAS_DIR_ENV, included),
      // and every other upper-case name read as env.X or process.env.X.
      for (const m of text.matchAll(/\bKP_[A-Z0-9_]*[A-Z0-9]\b/g)) named.set(m[0], path.relative(ROOT, file));
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) named.set(m[1]!, path.relative(ROOT, file));
    }
    const testOnly = /^KP_(TEST_|CHAOS_|FUZZ_TEST_|FUZZ_HTTP_)/;
    const missing = [...named].filter(([name]) => !(name in VARIABLES) && !testOnly.test(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
    // The grep sees the reads it must: a sample from an adapter, the CLI, the dev certificates and the fuzzer.
    for (const name of ['KP_IPGB_SCHEMAS_DIR', 'KP_URL', 'KP_PARTNERS_FILE', 'KP_FUZZ_SEED', 'NODE_ENV']) expect(named.has(name)).toBe(true);
  });

  it('is the README configuration table, variable by variable (npm run config:doc writes it)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withConfigurationTable(readme)).toBe(readme);
    for (const name of Object.keys(VARIABLES)) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('knows the features the gateway has', () => {
    expect([...FEATURE_NAMES].sort()).toEqual(FEATURES.map((f) => f.name).filter((n) => n !== 'audit').sort());
  });

  it('gives the documented defaults for an empty environment', () => {
    const s = settingsFromEnv({}, '/srv/kp');
    expect(s).toMatchObject({
      port: 8443, opsPort: 9464, host: '0.0.0.0', partnersFile: '/srv/kp/config/partners.dev.yaml', sqliteFile: '/srv/kp/data/ketenpoort.db',
      sqliteSynchronous: 'FULL', logLevel: 'info', istandaarden: { deadlineScanMs: 60_000 }, replay: { defaultRate: 50, maxRate: 1_000 },
      subscriptions: { retentionDays: 90, syncIntervalMs: 60_000 }, pgb: { defaultLayout: 'svb-standaard', svbPartner: 'svb' }, dkd: {}, ipgb: {},
    });
    expect(s.features).toBeUndefined();
    expect(s.retryTiers[0]).toBe(1000);
  });

  it('hands each part its typed section', () => {
    const s = settingsFromEnv({ KP_DEADLINE_SCAN_MS: '250', KP_FEATURES: 'cockpit, pgb', KP_PGB_GEMEENTECODES: '0384,0363', KP_BRP_RETENTION_DAYS: '0.5', KP_SQLITE_SYNCHRONOUS: 'normal', KP_WORKERS: '3' });
    expect(s.istandaarden.deadlineScanMs).toBe(250);
    expect(s.features).toEqual(['cockpit', 'pgb']);
    expect(s.pgb.gemeentecodes).toEqual(['0384', '0363']);
    expect(s.subscriptions.retentionDays).toBe(0.5);
    expect(s.sqliteSynchronous).toBe('NORMAL');
    expect(s.workers).toBe(3);
  });

  describe('refuses an invalid value, naming the variable and the rule', () => {
    it('a duration: KP_DEADLINE_SCAN_MS=abc (it scheduled a scan every millisecond)', () => {
      expect(invalid({ KP_DEADLINE_SCAN_MS: 'abc' })).toBe('KP_DEADLINE_SCAN_MS: must be a duration in whole milliseconds ≥ 1, got "abc"');
      expect(invalid({ KP_DEADLINE_SCAN_MS: '0' })).toMatch(/^KP_DEADLINE_SCAN_MS: .*≥ 1/);
      expect(invalid({ KP_SWEEP_INTERVAL_MS: '1.5' })).toMatch(/^KP_SWEEP_INTERVAL_MS: /);
      expect(invalid({ KP_RETRY_TIERS_MS: '1000,soon' })).toMatch(/^KP_RETRY_TIERS_MS: must be a comma-separated list of whole milliseconds/);
    });
    it('a number', () => {
      expect(invalid({ KP_PG_POOL_SIZE: 'ten' })).toBe('KP_PG_POOL_SIZE: must be a whole number ≥ 1, got "ten"');
      expect(invalid({ KP_WORKERS: '0' })).toMatch(/^KP_WORKERS: must be a whole number ≥ 1/);
      expect(invalid({ KP_PORT: '70000' })).toMatch(/^KP_PORT: must be a port number from 0 to 65535/);
      expect(invalid({ KP_MAX_BODY_BYTES: '25MB' })).toMatch(/^KP_MAX_BODY_BYTES: must be a size in whole bytes/);
      expect(invalid({ KP_MAX_EVENT_LOOP_UTILIZATION: '2' })).toMatch(/^KP_MAX_EVENT_LOOP_UTILIZATION: must be a number from 0 to 1/);
    });
    it('an enum', () => {
      expect(invalid({ KP_SQLITE_SYNCHRONOUS: 'OFF' })).toBe('KP_SQLITE_SYNCHRONOUS: must be one of FULL, NORMAL, got "OFF"');
      expect(invalid({ KP_LOG_LEVEL: 'loud' })).toMatch(/^KP_LOG_LEVEL: must be one of fatal, error, warn, info/);
      expect(invalid({ KP_FEATURES: 'cockpt' })).toMatch(/^KP_FEATURES: must name features among .*\(unknown: cockpt\)/);
    });
    it('a path', () => {
      expect(invalid({ KP_PARTNERS_FILE: '/nonexistent/partners.yaml' })).toBe('KP_PARTNERS_FILE: must name an existing file, got "/nonexistent/partners.yaml"');
      expect(invalid({ KP_PARTNERS_FILE: ROOT })).toMatch(/^KP_PARTNERS_FILE: must name a file, not a folder/);
      expect(invalid({ KP_IPGB_SCHEMAS_DIR: path.join(ROOT, 'package.json') })).toMatch(/^KP_IPGB_SCHEMAS_DIR: must name a folder/);
      expect(invalid({ KP_DKD_FILE: 'config/nope.yaml' })).toMatch(/^KP_DKD_FILE: must name an existing file/);
    });
    it('a URL', () => {
      expect(invalid({ AMQP_URL: 'http://127.0.0.1:5672' })).toMatch(/^AMQP_URL: must be one or more comma-separated URLs starting amqp:\/\/ or amqps:\/\//);
      expect(invalid({ AMQP_URL: 'amqp://a:5672,not a url' })).toMatch(/^AMQP_URL: /);
      expect(invalid({ DATABASE_URL: 'mysql://db/kp' })).toMatch(/^DATABASE_URL: must be a URL starting postgres:\/\/ or postgresql:\/\//);
      expect(invalid({ KP_BRP_ALERT_SOURCE: 'not a uri' })).toMatch(/^KP_BRP_ALERT_SOURCE: must be a URI reference/);
    });
    it('a secret file, without echoing what was given', () => {
      const message = invalid({ KP_BSN_HMAC_KEY_FILE: '/nonexistent/hmac-key' });
      expect(message).toBe('KP_BSN_HMAC_KEY_FILE: must name a readable file');
    });
    it('every problem at once, on one line', () => {
      const message = invalid({ KP_DEADLINE_SCAN_MS: 'abc', KP_PORT: '-1', KP_LOG_LEVEL: 'loud' });
      expect(message.split('\n')).toHaveLength(1);
      for (const name of ['KP_DEADLINE_SCAN_MS', 'KP_PORT', 'KP_LOG_LEVEL']) expect(message).toContain(`${name}: `);
    });
    it('a rule between two variables', () => {
      expect(invalid({ KP_HEADERS_TIMEOUT_MS: '5000', KP_REQUEST_TIMEOUT_MS: '4000' })).toMatch(/^KP_HEADERS_TIMEOUT_MS: must not exceed KP_REQUEST_TIMEOUT_MS/);
    });
  });

  it('names KP_* variables nothing reads (typos), and not the test suite\'s own', () => {
    expect(unknownVariables({ KP_DEADLINE_SCAN: '1000', KP_PORT: '1', KP_TEST_DB: 'sqlite', KP_CHAOS_COUNT: '2', PATH: '/bin' })).toEqual(['KP_DEADLINE_SCAN']);
    expect(settingsFromEnv({ KP_PROT: '1' }).unknownVariables).toEqual(['KP_PROT']);
  });

  it('leaves the CLI\'s and the tools\' variables to them', () => {
    expect(() => parseEnvironment({ KP_URL: 'not a url', KP_FUZZ_COUNT: 'many' })).not.toThrow();
    expect(() => parseEnvironment({ KP_URL: 'not a url' }, ['cli'])).toThrow(/^KP_URL: must be a URL starting https:\/\//);
  });

  it('stops the real start (main.ts) with one line naming the variable and the rule, exit code 2, no stack trace', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, KP_DEADLINE_SCAN_MS: 'abc', KP_OPS_PORT: '0', KP_PORT: '0' };
    const result = await run(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: ROOT, env, timeout: 60_000 }).then(
      () => { throw new Error('main.ts started with KP_DEADLINE_SCAN_MS=abc'); },
      (err: { code?: number; stdout: string; stderr: string }) => err,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('ketenpoort: invalid configuration: KP_DEADLINE_SCAN_MS: must be a duration in whole milliseconds ≥ 1, got "abc"\n');
  }, 120_000);
});

describe('a tool\'s few variables (readVariables: the CLI, demo, fuzz, certs:dev)', () => {
  it('reads only those it names, by the same rules and defaults, and names a bad one', () => {
    expect(readVariables({ KP_FUZZ_COUNT: '5', KP_DEADLINE_SCAN_MS: 'abc' }, ['KP_FUZZ_COUNT', 'KP_FUZZ_OUT'])).toEqual({ KP_FUZZ_COUNT: 5, KP_FUZZ_OUT: 'data/fuzz-findings' });
    let err: unknown;
    try { readVariables({ KP_FUZZ_COUNT: 'many', KP_DEMO_PORT: '70000' }, ['KP_FUZZ_COUNT', 'KP_DEMO_PORT']); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).variable).toBe('KP_FUZZ_COUNT');
    expect((err as SettingsError).message).toBe('KP_FUZZ_COUNT: must be a whole number ≥ 1, got "many"; KP_DEMO_PORT: must be a port number from 0 to 65535, got "70000"');
  });
});
