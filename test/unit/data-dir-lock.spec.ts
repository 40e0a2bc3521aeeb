import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockDataDir, releaseDataDirLock } from '../../src/database/data-dir-lock.js';

/**
 * Another process holding flock on `lock`, as a second instance of the service would. It prints
 * `locked` once it holds the lock (or `busy` when it could not take it) and holds it until killed.
 */
async function holder(lock: string): Promise<{ child: ChildProcess; answer: string }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('node:fs'); const { flockSync } = require('fs-ext-extra-prebuilt');
       const fd = fs.openSync(${JSON.stringify(lock)}, 'a+');
       try { flockSync(fd, 'exnb'); } catch { process.stdout.write('busy'); process.exit(0); }
       fs.writeFileSync(${JSON.stringify(lock)}, process.pid + '\\n');
       process.stdout.write('locked'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const answer = await new Promise<string>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))),
  );
  return { child, answer };
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('lockDataDir', () => {
  const fresh = (): { dir: string; lock: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'retell-ats-lock-unit-'));
    return { dir, lock: join(dir, LOCK_FILE) };
  };
  const children: ChildProcess[] = [];
  afterEach(async () => {
    releaseDataDirLock();
    for (const child of children.splice(0)) if (child.exitCode === null) await killed(child);
  });

  it('should write this pid into the lock file, and let another process lock it once released', async () => {
    const { dir, lock } = fresh();
    lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    const meanwhile = await holder(lock);
    children.push(meanwhile.child);
    expect(meanwhile.answer).toBe('busy');

    releaseDataDirLock();
    const after = await holder(lock);
    children.push(after.child);
    expect(after.answer).toBe('locked');
  });

  it('should refuse a directory another process holds, naming its pid and the lock file', async () => {
    const { dir, lock } = fresh();
    const other = await holder(lock);
    children.push(other.child);
    expect(other.answer).toBe('locked');
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${other.child.pid} (lock file ${lock}`);
  });

  it('should refuse even when the holder wrote our own pid (another container, its own process 1)', async () => {
    const { dir, lock } = fresh();
    const other = await holder(lock);
    children.push(other.child);
    // In another PID namespace the holder's pid can be any number, ours included.
    writeFileSync(lock, `${process.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.pid}`);
  });

  it('should take the lock of a process killed with SIGKILL: the kernel released it', async () => {
    const { dir, lock } = fresh();
    const other = await holder(lock);
    await killed(other.child);
    expect(existsSync(lock)).toBe(true);
    lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('should take a lock file nobody holds, whatever it holds', () => {
    const { dir, lock } = fresh();
    writeFileSync(lock, '');
    lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('should do nothing for memory://', () => {
    expect(() => lockDataDir('memory://')).not.toThrow();
  });
});
