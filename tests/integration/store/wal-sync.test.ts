import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';

// A write the store has answered is on disk (a 2xx survives a power cut), on SQLite too, where the log is
// synced off the event loop after COMMIT (store/wal-sync.ts) instead of inside it. strace records, in order,
// every write to the log file, every sync of it and each answer the child process gives: before every answer,
// the log must have been synced after the last write to it.
const sqlite = testDbKind() === 'sqlite';
const ROUNDS = 20;
let dir: string;
let trace: string[];

beforeAll(async () => {
  if (!sqlite) return;
  dir = await mkdtemp(path.join(tmpdir(), 'kp-walsync-'));
  const out = path.join(dir, 'strace.txt');
  const child = spawn('strace', [
    '-f', '-y', '-qq', '-o', out, '-e', 'trace=write,pwrite64,fsync,fdatasync',
    process.execPath, '--import', 'tsx', path.resolve('tests/integration/store/children/commit-and-report.ts'), path.join(dir, 'k.db'), String(ROUNDS),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  trace = (await readFile(out, 'utf8')).split('\n');
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!sqlite)('SQLite: an answered write is on disk', () => {
  it('syncs the log after its last write and before every answer', () => {
    const pendingSync = new Set<string>();
    let walWritten = false;
    let answers = 0;
    const unsynced: number[] = [];
    for (const line of trace) {
      const [, pid = '', rest = ''] = /^(\d+)\s+(.*)$/.exec(line) ?? [];
      if (/^pwrite64\(\d+<[^>]*\.db-wal>/.test(rest)) walWritten = true;
      else if (/^f(data)?sync\(\d+<[^>]*\.db-wal>/.test(rest)) {
        if (rest.includes('<unfinished ...>')) pendingSync.add(pid);
        else if (/= 0$/.test(rest)) walWritten = false;
      } else if (/^<\.\.\. f(data)?sync resumed>/.test(rest) && pendingSync.delete(pid)) {
        if (/= 0$/.test(rest)) walWritten = false;
      } else if (/^write\(1<[^>]*>, "stored (\d+)\\n"/.test(rest)) {
        answers++;
        if (walWritten) unsynced.push(answers);
      }
    }
    expect(answers).toBe(ROUNDS);
    expect(unsynced).toEqual([]);
  });
});
