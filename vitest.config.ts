import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the renderer's components for the component tests (rendered on the server side).
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Network tests bind loopback ports; two workers suit these 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
