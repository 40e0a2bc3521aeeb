import { defineConfig } from 'vite';

/**
 * `vite build console` (run by `npm run build`): the recruiter console into `dist/public`, which the
 * service serves at `/`. No inline script or style is emitted, so the service's strict CSP holds.
 * `npm run console:dev` serves it on :5173 with `/api` proxied to the service on :3000.
 */
export default defineConfig({
  build: {
    outDir: '../dist/public',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // React Query and React Router mark modules "use client", which means nothing in a plain SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
