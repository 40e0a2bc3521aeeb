import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * Postgres allocates `shared_buffers` inside PGlite's WebAssembly memory and touches all of it at
 * start: the default, 128MB, is 128 MB of resident memory however small the database. 32MB keeps a
 * database of this service's size (tens of MB) cached; pages beyond it are read from the data
 * directory through the OS cache. See docs/performance.md, "PGlite memory".
 */
const SHARED_BUFFERS = '32MB';

/** The child-process entry that runs initdb (compiled beside this file). */
const INITDB_SCRIPT = fileURLToPath(new URL('./pglite-initdb.js', import.meta.url));

/**
 * PGlite options for `dataDir` (a directory, or `memory://`), shared by the service and initdb.
 * `wal_recycle=off`: a WAL segment no longer needed is deleted, not renamed for reuse with its old
 * contents, so that an erasure leaves no copy there (StorageScrubber).
 */
export function pgliteOptions(dataDir: string): { dataDir: string; startParams: string[] } {
  return {
    dataDir,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`, '-c', 'wal_recycle=off'],
  };
}

/**
 * Says what opening `dataDir` will involve, and on a directory's first start creates the database
 * there (`initdbInChildProcess`) so that the service only ever opens an initialised directory.
 */
export async function preparePglite(dataDir: string, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  if (dataDir.includes('://')) {
    // Nothing on disk to initialise beforehand: initdb runs in process, when the database opens.
    log(`Starting embedded PGlite in ${dataDir}: a throw-away database, initialised now (about 10 s)`);
  } else if (existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`Starting embedded PGlite in ${dataDir}`);
  } else {
    log(`Starting embedded PGlite in ${dataDir}: first start, initialising the database (about 10 s)`);
    await initdbInChildProcess(dataDir);
    log(`Database initialised in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Creates the database in the directory `dataDir` (PGlite's initdb, about 10 s) in a child process.
 * In process, initdb runs in a second PGlite instance whose WebAssembly memory (about 450 MB) V8
 * frees only at a garbage collection that an idle service may not run for hours; the child gives
 * it back when it exits, and the service then opens the directory as on any later start.
 * @throws Error with initdb's output when the child fails.
 */
export function initdbInChildProcess(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [INITDB_SCRIPT, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`PGlite initdb in ${dataDir} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`)),
    );
  });
}
