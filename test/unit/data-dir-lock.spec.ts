import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockDataDir, releaseDataDirLock } from '../../src/database/data-dir-lock.js';

describe('lockDataDir', () => {
  const fresh = (): { dir: string; lock: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'retell-ats-lock-unit-'));
    return { dir, lock: join(dir, LOCK_FILE) };
  };
  afterEach(() => releaseDataDirLock());

  it('should create the lock file with this pid, and delete it on release', () => {
    const { dir, lock } = fresh();
    lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    releaseDataDirLock();
    expect(existsSync(lock)).toBe(false);
  });

  it('should refuse a directory whose lock holds a running process, naming the pid and the lock file', () => {
    const { dir, lock } = fresh();
    writeFileSync(lock, `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.ppid} (lock file ${lock})`);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('should take over a lock whose process no longer runs', () => {
    const { dir, lock } = fresh();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lock, `${gone}\n`);
    lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('should refuse a lock file without a pid: its process may be writing it', () => {
    const { dir, lock } = fresh();
    writeFileSync(lock, '');
    expect(() => lockDataDir(dir)).toThrow(LOCK_FILE);
  });

  it('should do nothing for memory://', () => {
    expect(() => lockDataDir('memory://')).not.toThrow();
  });
});
