import { defineConfig } from 'drizzle-kit';

// One schema, one set of migrations for both drivers (PGlite and PostgreSQL).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema.ts', './src/core/*/*.tables.ts'],
  out: './src/db/migrations',
});
