import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * Postgres allocates `shared_buffers` inside PGlite's WebAssembly memory and touches all of it at
 * start: the default, 128MB, is 128 MB of resident memory however small the database. 16MB holds
 * what the webhook's hot path touches (a candidate, a call and an event row by key, and their
 * indexes); pages beyond it are read from the data directory through the OS cache. See
 * docs/performance.md, "PGlite memory".
 */
const SHARED_BUFFERS = '16MB';

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
 * there and applies the migrations (`initdbInChildProcess`), so that the service only ever opens
 * an initialised, migrated directory.
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
    const applied = await initdbInChildProcess(dataDir);
    log(
      `Database initialised in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `with ${applied.length} migration(s): ${applied.join(', ')}`,
    );
  }
}

/**
 * Creates the database in the directory `dataDir` (PGlite's initdb, about 10 s) and applies the
 * migrations, in a child process. In process, initdb runs in a second PGlite instance whose
 * WebAssembly memory (about 450 MB) V8 frees only at a garbage collection that an idle service may
 * not run for hours, and the migrations grow the service's own WebAssembly memory, which never
 * shrinks (about 60 MB); the child gives both back when it exits, and the service then opens the
 * directory as on any later start.
 * @returns the names of the migrations applied
 * @throws Error with the child's output when it fails.
 */
export function initdbInChildProcess(dataDir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [INITDB_SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const applied = code === 0 ? appliedMigrations(stdout) : null;
      if (applied) resolve(applied);
      else reject(new Error(`PGlite initdb in ${dataDir} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}

/** The migration names the child printed as its last line (a JSON array), or null when it printed none. */
function appliedMigrations(stdout: string): string[] | null {
  try {
    const names: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    return Array.isArray(names) && names.every((name) => typeof name === 'string') ? names : null;
  } catch {
    return null;
  }
}
