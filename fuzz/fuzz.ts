// Runs one target for a bounded number of inputs and time; every finding (an error that would be a
// 500) is kept by its signature. What is printed or saved as text never holds payload content: the
// message is digit-masked and quoted values are cut out; the input itself goes to a .bin file for
// whoever reproduces it (data/ is never committed).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { maskDigits } from '../observability/logger.ts';
import { mutate, randomSource } from './mutate.ts';
import type { FuzzHarness, Stage, Target } from './targets.ts';

export interface FuzzOptions {
  count: number;
  seconds: number;
  seed: number;
  /** Where findings are written (a .json and a .bin per distinct signature); none when undefined. */
  outDir?: string;
}

export interface Finding { signature: string; stage: Stage; name: string; message: string; where: string; first: number; times: number; mutations: string[]; file?: string }

export interface FuzzSummary {
  target: string;
  inputs: number;
  accepted: number;
  rejected: number;
  findings: number;
  distinct: Finding[];
  rejectedBy: Record<string, number>;
  seconds: number;
  slowestMs: number;
  stoppedBy: 'count' | 'time';
}

/** A safe one-line rendering of an error: no digits runs, no quoted values. */
export function describeError(err: unknown): { name: string; message: string; where: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const message = maskDigits(e.message).replace(/(['"`«])[^'"`»]*(['"`»])/g, '$1…$2').slice(0, 160);
  const frame = (e.stack ?? '').split('\n').slice(1).find((l) => !l.includes('node_modules') && !l.includes('node:')) ?? (e.stack ?? '').split('\n')[1] ?? '';
  const where = frame.trim().replace(/^at /, '').replace(/\(?(file:\/\/)?\/[^()]*?\/(adapters|fuzz|schemas|ingest|store|istandaarden|subscriptions)\//, '$2/').replace(/\)$/, '');
  return { name: e.name, message, where };
}

export function fuzzTarget(harness: FuzzHarness, target: Target, opts: FuzzOptions): FuzzSummary {
  const seeds = target.seeds();
  if (seeds.length === 0) throw new Error(`fuzz target ${target.name} has no seeds`);
  const rnd = randomSource(opts.seed);
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const byKey = new Map<string, Finding>();
  const rejectedBy: Record<string, number> = {};
  let inputs = 0, accepted = 0, rejected = 0, findings = 0, slowestMs = 0;
  let stoppedBy: FuzzSummary['stoppedBy'] = 'count';
  // The seeds themselves first: each must be answered (most are accepted).
  const plan = (i: number) => (i < seeds.length ? { input: seeds[i]!, applied: ['seed'] } : mutate(seeds[Math.floor(rnd() * seeds.length)]!, target.mutators, rnd));
  for (let i = 0; i < opts.count; i++) {
    if ((i & 63) === 0 && performance.now() > deadline) { stoppedBy = 'time'; break; }
    const { input, applied } = plan(i);
    const t0 = performance.now();
    const outcome = harness.run(input);
    slowestMs = Math.max(slowestMs, performance.now() - t0);
    inputs++;
    if (outcome.kind === 'accepted') accepted++;
    else if (outcome.kind === 'rejected') {
      rejected++;
      const key = `${outcome.status} ${outcome.code}`;
      rejectedBy[key] = (rejectedBy[key] ?? 0) + 1;
    } else {
      findings++;
      const d = describeError(outcome.error);
      const signature = `${outcome.stage}|${d.name}|${d.message.replace(/\d+/g, 'N')}|${d.where.replace(/:\d+:\d+/, '')}`;
      const known = byKey.get(signature);
      if (known) { known.times++; continue; }
      const finding: Finding = { signature, stage: outcome.stage, ...d, first: i, times: 1, mutations: applied };
      if (opts.outDir) {
        mkdirSync(opts.outDir, { recursive: true });
        const base = path.join(opts.outDir, `${target.name}-${createHash('sha256').update(signature).digest('hex').slice(0, 12)}`);
        writeFileSync(`${base}.bin`, input);
        finding.file = `${base}.bin`;
        writeFileSync(`${base}.json`, JSON.stringify({ target: target.name, seed: opts.seed, index: i, ...finding, stack: (outcome.error as Error)?.stack?.split('\n').slice(1, 12).join('\n') }, null, 2));
      }
      byKey.set(signature, finding);
    }
  }
  return {
    target: target.name, inputs, accepted, rejected, findings, distinct: [...byKey.values()], rejectedBy,
    seconds: Math.round((performance.now() - started) / 100) / 10, slowestMs: Math.round(slowestMs), stoppedBy,
  };
}
