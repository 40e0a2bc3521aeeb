import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnService, type ServiceProcess } from '../support/service-process.js';

/** PGlite serves one process: a second service on the same data directory must not start. */
describe('the PGlite data directory lock (node dist/main.js)', () => {
  const started: ServiceProcess[] = [];
  afterAll(async () => {
    for (const service of started) await service.stop('SIGKILL');
  });

  it('should refuse a second instance on the same data directory, and take over the lock of a killed one', async () => {
    const pgliteDir = mkdtempSync(join(tmpdir(), 'retell-ats-lock-'));
    const lockFile = join(pgliteDir, 'retell-ats.lock');
    const first = await spawnService({}, { pgliteDir });
    started.push(first);
    const firstHolder = readFileSync(lockFile, 'utf8');

    const second = first.restart().then((service) => started.push(service));
    await expect(second).rejects.toThrow(/service exited with 1:[\s\S]*retell-ats\.lock/);
    expect((await fetch(`${first.baseUrl}/api/health`)).status).toBe(200);

    // A crash leaves the lock file behind; the kernel released its lock with the process.
    await first.stop('SIGKILL');
    expect(existsSync(lockFile)).toBe(true);
    const next = await first.restart();
    started.push(next);
    expect(readFileSync(lockFile, 'utf8')).not.toBe(firstHolder);
    expect((await fetch(`${next.baseUrl}/api/health`)).status).toBe(200);

    await next.stop('SIGTERM');
    const after = await next.restart();
    started.push(after);
    expect((await fetch(`${after.baseUrl}/api/health`)).status).toBe(200);
  });
});
