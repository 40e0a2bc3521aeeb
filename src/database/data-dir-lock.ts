import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file's name inside a PGlite data directory. */
export const LOCK_FILE = 'retell-ats.lock';

let held: string | undefined;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes this process the only user of the PGlite data directory `dataDir` (created if missing):
 * PGlite is one Postgres in this process, and a second process on the same files would lose the
 * first one's writes. Creates `<dataDir>/retell-ats.lock` holding this process's pid, exclusively;
 * a lock left by a process that no longer runs (a crash, `kill -9`) is taken over. The lock is
 * released by `releaseDataDirLock`, or at the latest when the process exits. No-op for `memory://`
 * and when this process holds the lock already. Two processes starting in the same instant over a
 * stale lock may both take it (its removal and re-creation are two steps): the lock stops the
 * usual mistake, a second instance started by hand or by a supervisor.
 * @throws Error naming the directory, the holder's pid and the lock file.
 */
export function lockDataDir(dataDir: string): void {
  if (dataDir.includes('://') || held) return;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // released meanwhile: try again
    }
    // Stale: its process is gone, or has our pid (a previous life of a container's process 1). An
    // unreadable pid is a process still writing it. After one take-over, a lock here again is
    // another starting process's: it won the race.
    const stale = holder > 0 && (holder === process.pid || !isRunning(holder));
    if (attempt > 0 || !stale) {
      throw new Error(
        `PGlite data directory ${dataDir} is in use by process ${Number.isNaN(holder) ? '(pid unreadable)' : holder} (lock file ${path}). ` +
          'PGlite serves one process: stop the other one, give this one another PGLITE_DATA_DIR, or use DATABASE_URL (Postgres). ' +
          'If no such process runs this service, delete the lock file.',
      );
    }
    rmSync(path, { force: true });
  }
  held = path;
  process.once('exit', releaseDataDirLock);
}

/** Deletes the lock file that `lockDataDir` created, if any (idempotent). */
export function releaseDataDirLock(): void {
  if (!held) return;
  rmSync(held, { force: true });
  held = undefined;
  process.off('exit', releaseDataDirLock);
}
