import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The web app: `npx vite build --config web/vite.config.ts` writes dist/web, which `beatwise serve`
 * serves. `npx vite --config web/vite.config.ts` runs a dev server that sends /api to BEATWISE_API
 * (default http://localhost:8080, a running `beatwise serve`).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // maplibre-gl is one large module by design; it is loaded only by the pages that draw a map.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': process.env.BEATWISE_API ?? 'http://localhost:8080' },
  },
});
