import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The built page asks for DuckDB's eh wasm (34 MB, the bundle every current browser takes) in its
 * <head>, as a fetch preload: the download starts while the page's script is still loading, and
 * wasm-client.ts's `fetch` of the same URL (same mode and credentials) takes the preloaded
 * response for its streaming compile.
 */
function preloadDuckdbWasm(): Plugin {
  return {
    name: 'linkages:preload-duckdb-wasm',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const wasm = Object.keys(context.bundle ?? {}).find((name) =>
          /(^|\/)duckdb-eh-[^/]*\.wasm$/.test(name),
        );
        if (!wasm) return [];
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', href: `./${wasm}`, as: 'fetch', crossorigin: '' },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    preloadDuckdbWasm(),
    // Offline after the first visit: a service worker precaches the built app, its workers and
    // wasm, and the bundled sample data. It caches nothing else (no runtime caching: an extract is
    // never fetched, and nothing it reads is stored). Registered from main.tsx; not in `npm start`.
    VitePWA({
      injectRegister: false,
      // A new version waits until every tab of the dashboard is closed: an open tab keeps its
      // extract and the files it may still load lazily (Excel and Parquet readers, the deck).
      registerType: 'prompt',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,csv,json,arrows}'],
        // DuckDB's MVP build is for browsers without WebAssembly exceptions (none current): not
        // precached, it would double the offline copy.
        globIgnores: ['**/duckdb-mvp-*.wasm', '**/duckdb-browser-mvp.worker-*.js'],
        // DuckDB's eh wasm is about 34 MB.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        runtimeCaching: [],
      },
    }),
  ],
  // Relative asset paths so the built app also works from a file server sub-folder.
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
