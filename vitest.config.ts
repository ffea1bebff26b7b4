import { defineConfig } from 'vitest/config';

// Three suites: unit (pure code, fast), integration (real SQL: PGlite, or PostgreSQL when
// DATABASE_URL is set) and e2e (real Chromium against a real server).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
          // Property tests run thousands of cases; the shared 2-core machine can be slow enough
          // to pass vitest's 5-second default without anything being wrong.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts'],
          // One database and one migration run per worker, shared by the files it runs;
          // each test creates its own organisation, so tests stay independent.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // One browser journey at a time: each starts its own server and Chromium.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
