import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Storage tests share one PostgreSQL server; keep files from racing each other's schemas.
    fileParallelism: true,
    pool: 'forks',
  },
});
