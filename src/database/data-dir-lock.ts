import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { flockSync } from 'fs-ext-extra-prebuilt';

/** The lock file's name inside a PGlite data directory. */
export const LOCK_FILE = 'retell-ats.lock';

/** The open lock file (its descriptor holds the lock), while this process holds it. */
let held: number | undefined;

/** What the holder wrote into the lock file: its pid as it saw it (in its own PID namespace). */
function holderOf(path: string): string {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isNaN(pid) ? '(pid not written yet)' : String(pid);
  } catch {
    return '(pid unreadable)';
  }
}

/**
 * Makes this process the only user of the PGlite data directory `dataDir` (created if missing):
 * PGlite is one Postgres in this process, and a second process on the same files would lose the
 * first one's writes. Takes an exclusive flock(2) on `<dataDir>/retell-ats.lock` and writes this
 * process's pid into it (for the message a second process prints). The kernel holds the lock for
 * the open file and releases it when the process ends however it ends (`kill -9`, a crash), so
 * nothing is ever stale, and no pid is compared: two containers sharing the volume (each its own
 * process 1) still exclude each other, as the kernel's lock is the same for both. Not for network
 * file systems whose flock is not shared between hosts. The file itself is left in place: deleting
 * it would let a process that opened it before the deletion lock a file nobody else sees.
 * No-op for `memory://` and when this process holds the lock already.
 * @throws Error naming the directory, the holder's pid and the lock file when another process holds it.
 */
export function lockDataDir(dataDir: string): void {
  if (dataDir.includes('://') || held !== undefined) return;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  // Node opens with O_CLOEXEC: a child process (initdb) does not inherit the lock.
  const fd = openSync(path, 'a+');
  try {
    flockSync(fd, 'exnb');
  } catch (error) {
    closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
    throw new Error(
      `PGlite data directory ${dataDir} is in use by process ${holderOf(path)} (lock file ${path}, locked with flock). ` +
        'PGlite serves one process: stop the other one (the pid is as that process sees it: in another container it is not ours), ' +
        'give this one another PGLITE_DATA_DIR, or use DATABASE_URL (Postgres).',
      { cause: error },
    );
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`);
  held = fd;
}

/** Releases the lock that `lockDataDir` took, if any (idempotent); the file stays. */
export function releaseDataDirLock(): void {
  if (held === undefined) return;
  flockSync(held, 'un');
  closeSync(held);
  held = undefined;
}
