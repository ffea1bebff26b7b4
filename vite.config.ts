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
  build: {
    outDir: path.join(repoRoot, 'dist/web/backoffice'),
    emptyOutDir: true,
    target: 'es2022',
    // One chunk for the (rarely changing) libraries so application releases stay small to download.
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its hooks "use client" for RSC bundlers; meaningless in a SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          return id.includes('node_modules') ? 'vendor' : undefined;
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
