// @ts-check
/**
 * Builds the web console into dist/console, which the service serves at /console/
 * (src/server/console). `npm run build` runs it; `npm run dev:console` serves it with
 * live reload, passing /v1 to a service on 127.0.0.1:8080 (started with `npm start`).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the console works wherever the service is mounted.
  base: './',
  publicDir: false,
  clearScreen: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every asset is a file of its own: nothing inlined as a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
