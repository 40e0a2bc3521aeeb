import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import compression from 'compression';

/** Where `npm run build` puts the recruiter console (`vite build console` → `dist/public`). */
export const BUILT_CONSOLE_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Whether a console build is there to serve (`index.html` in `dir`). */
export function hasConsole(dir: string = BUILT_CONSOLE_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** Paths the console never answers: the API and the OpenAPI pages keep their own answers and 404s. */
const NOT_CONSOLE = /^\/(api|docs|docs-json)(\/|$)/;

/**
 * The recruiter console's static files, served without a key: hashed assets under `/assets/` are
 * cached for a year, `index.html` never. Compressed (brotli or gzip, as the browser accepts, with
 * `Vary: Accept-Encoding`) by the `compression` middleware: the bundle is about a quarter of its size. A GET or HEAD of any other path outside `/api` and `/docs`
 * answers `index.html` (the console routes in the browser), so `/candidates/7` can be reloaded.
 * Returns null when `dir` holds no `index.html` (the console was not built: the service runs without it).
 * @param dir folder with `index.html` and `assets/`
 */
export function consoleStatic(dir: string = BUILT_CONSOLE_DIR): RequestHandler | null {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const files = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, path) =>
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const compress = compression();
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    compress(req, res, () => serve(req, res, next));
  };

  function serve(req: Request, res: Response, next: NextFunction): void {
    files(req, res, () => {
      // A missing asset is a 404, not the page: a stale tab asking for an old bundle must not get HTML.
      if (req.path.startsWith('/assets/')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
