import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests run once; everything that touches a database runs twice,
// once on SQLite and once on PostgreSQL (KP_TEST_DB picks the store in tests/support/db.ts).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'sqlite',
          include: ['tests/integration/**/*.test.ts'],
          env: { KP_TEST_DB: 'sqlite' },
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['tests/integration/**/*.test.ts'],
          env: { KP_TEST_DB: 'postgres' },
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
