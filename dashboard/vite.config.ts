// Builds the dashboard into dist/dashboard, which the control plane serves at `/`.
// Preact JSX goes through Vite's own Oxc transform, so no framework plugin is needed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    // Scripts and one stylesheet as files: the page is served with script-src 'self', so
    // nothing may be inlined. The scheduling pages (and each holiday year) are chunks of
    // their own, fetched when first shown; the rest is needed on the first screen.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 200,
  },
});
