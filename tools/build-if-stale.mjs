/**
 * `npm start`'s first step: builds the service (`npm run build`) only when `dist/` is missing or
 * older than a source it is built from, so that a restart on an unchanged checkout starts at once.
 * A build leaves `dist/.build-stamp`; any source newer than it (the service, the console, the
 * migrations, the lock file or a build setting) makes the next start build again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['src', 'console', 'migrations', 'package.json', 'package-lock.json', 'nest-cli.json'];
/** Written by the build itself. */
const GENERATED = new Set([join(ROOT, 'console', 'src', 'api', 'schema.d.ts')]);

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  if (!existsSync(path) || GENERATED.has(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const sources = Math.max(
  ...SOURCES.map((name) => newest(join(ROOT, name))),
  ...readdirSync(ROOT)
    .filter((name) => /^tsconfig.*\.json$/.test(name))
    .map((name) => newest(join(ROOT, name))),
);
const built = existsSync(STAMP) && existsSync(join(ROOT, 'dist', 'main.js')) ? statSync(STAMP).mtimeMs : 0;
if (built >= sources) {
  process.stdout.write('dist/ is up to date with the sources: starting without a build\n');
} else {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
