// File plumbing for the dev certificate generator: atomic writes and a lock, because several test
// processes may call ensureDevCerts on the same directory at once.
import { closeSync, chmodSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK_FILE = '.generate.lock';
const LOCK_WAIT_MS = 60_000;
/** A lock this old is abandoned even if its pid looks alive (pids are reused). */
const LOCK_STALE_MS = 120_000;
const LOCK_POLL_MS = 50;

/** Readers never see a half-written file: write beside it, then rename over it. */
export function writeFileAtomic(file: string, content: string, mode: number): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content, { mode });
    chmodSync(temp, mode); // the umask may have narrowed it; make the mode exact
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export async function withDirectoryLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, LOCK_FILE);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsAbandoned(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`dev certs: ${lock} is held by another process; remove it if none is running`);
      await sleep(LOCK_POLL_MS);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function lockIsAbandoned(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH'; // owner is gone; ENOENT (just released) is retried after the poll interval
  }
}
