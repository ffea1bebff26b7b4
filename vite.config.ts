import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds the back-office SPA. The server serves `dist/web/backoffice` under `/app/` and answers
 * `/api/*`; in `vite dev` the API is proxied to a locally running server.
 */
export default defineConfig({
  root: path.join(repoRoot, 'web/backoffice'),
  base: '/app/',
  publicDir: false,
  // No @vitejs/plugin-react: esbuild's automatic runtime is all the JSX transform we need.
  esbuild: { jsx: 'automatic' },
  // The server replaces this placeholder with a fresh nonce per response (src/api/backoffice.ts);
  // Vite puts it on the page's tags and in a <meta property="csp-nonce"> that Mantine reads.
  html: { cspNonce: '__CSP_NONCE__' },
  build: {
    outDir: path.join(repoRoot, 'dist/web/backoffice'),
    emptyOutDir: true,
    target: 'es2022',
    // The libraries every page needs (React, routing, queries, i18n) in one rarely changing chunk;
    // the rest of node_modules (Mantine components, ECharts) goes with the pages that use them, so
    // the first page does not download the components of every screen.
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its hooks "use client" for RSC bundlers; meaningless in a SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          // tslib (helpers shared by zrender and Mantine's dependencies) goes with vendor, not into
          // the echarts chunk, or every page would import ECharts for three helpers.
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          // One chunk per language and namespace: a user downloads the catalogues of the language
          // shown and of the pages opened only (web/backoffice/src/i18n.ts).
          const catalogue = /src\/i18n\/locales\/(\w+)\/([\w-]+)\.json/.exec(id);
          if (catalogue) return `locale-${catalogue[1]}-${catalogue[2]}`;
          return /node_modules\/(react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next|tslib)\//.test(id) ? 'vendor' : undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: process.env.CONFIANCE_API_URL ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
});
