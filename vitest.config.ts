import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Network tests bind loopback ports; two workers suit these 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
