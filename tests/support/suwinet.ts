// The Suwinet stand-in for tests, and a DKD settings file pointing the gateway at it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { DIENSTEN, type Dienst } from '../../adapters/suwiml/index.ts';
import { GATEWAY_OIN, SUWINET_OIN, type DevCertFiles } from '../../certs-dev/generate.ts';
import { SuwinetStandin } from '../../demo/suwinet-standin.ts';
import { CORPUS } from './corpus.ts';

export async function startStandin(certs: DevCertFiles): Promise<SuwinetStandin> {
  return new SuwinetStandin({
    identity: { key: readFileSync(certs.suwinetKey), cert: readFileSync(certs.suwinetCert) },
    ca: readFileSync(certs.caCert),
    requesterOins: [GATEWAY_OIN],
    corpusDir: CORPUS,
    oin: SUWINET_OIN,
  }).start();
}

export interface DkdFileOptions { timeoutMs?: number; retries?: number; klantbeeldTimeoutMs?: number; breaker?: { failures: number; openMs: number } }

/** A KP_DKD_FILE with every dienst at the stand-in, trusting the dev CA and the stand-in's OIN. */
export function writeDkdFile(certs: DevCertFiles, standin: SuwinetStandin, opts: DkdFileOptions = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kp-dkd-'));
  const file = path.join(dir, 'dkd.yaml');
  writeFileSync(file, stringify({
    from: 'https://localhost/dkd',
    server: { ca: certs.caCert, serverName: 'localhost' },
    trust: { ca: certs.caCert, oins: [SUWINET_OIN] },
    defaults: { timeoutMs: opts.timeoutMs ?? 5_000, retries: opts.retries ?? 1, backoffBaseMs: 50, breaker: opts.breaker ?? { failures: 1_000, openMs: 1_000 } },
    klantbeeld: { timeoutMs: opts.klantbeeldTimeoutMs ?? 10_000 },
    diensten: Object.fromEntries((Object.keys(DIENSTEN) as Dienst[]).map((d) => [d, { url: standin.urlOf(d), oin: SUWINET_OIN }])),
  }));
  return file;
}

/**
 * The paths where two JSON values differ (never the values: they may be a BSN or a name), so a failing
 * comparison prints nothing personal.
 */
export function differingPaths(a: unknown, b: unknown, at = '$'): string[] {
  if (a === b) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return [at];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}.length`];
    return a.flatMap((v, i) => differingPaths(v, b[i], `${at}[${i}]`));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  return [...keys].flatMap((k) => (k in ao && k in bo ? differingPaths(ao[k], bo[k], `${at}.${k}`) : [`${at}.${k}`]));
}

/** Every leaf of a JSON value, counted. */
export function leafCount(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  return Object.values(v as Record<string, unknown>).reduce<number>((n, c) => n + leafCount(c), 0);
}
