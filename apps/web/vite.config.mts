import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The staff's web app: built into dist/web and served by the API under /app/ (same origin,
 * the strict CSP: only files, no inline script or style). Preact stands in for React, so
 * react-hook-form runs on 4 kB instead of 45.
 */
export default defineConfig({
  root: here('.'),
  base: '/app/',
  publicDir: here('public'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: {
      react: 'preact/compat',
      'react-dom': 'preact/compat',
      'react/jsx-runtime': 'preact/jsx-runtime',
    },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // No inline <script>/<style>/data: URLs: the CSP allows files from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    // The service worker reads it to keep every built file for offline use.
    manifest: 'asset-manifest.json',
  },
});
