import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests run once; everything that touches a database runs twice,
// once on SQLite and once on PostgreSQL (KP_TEST_DB picks the store in tests/support/db.ts).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One file at a time: the resilience tests stop RabbitMQ, which every other file uses, and
    // the machine has two cores.
    maxWorkers: 1,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['tests/integration/**/*.test.ts'],
          env: { KP_TEST_DB: 'sqlite' },
          setupFiles: ['tests/support/openapi-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['tests/integration/**/*.test.ts'],
          env: { KP_TEST_DB: 'postgres' },
          setupFiles: ['tests/support/openapi-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
