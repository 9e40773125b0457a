/**
 * End-to-end tests: Debian's Chromium against real headless hosts serving the built renderer.
 * `npm run test:e2e` (the global setup builds the renderer first).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  // A test's total is a hang cap, not a speed check: every step has its own deadline (expect's
  // 10 s, or one a step gives with its reason), which names what was slow. Two cores shared with
  // busy processes stretch a long story (two or three browsers, a restart) past a minute; the
  // suite must hold there (#10), so the cap is 3 minutes for all.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  // Two cores shared with other work: one worker keeps the timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1200, height: 760 },
    // The UI follows the browser's language: English unless a spec asks for another.
    locale: 'en-US',
    trace: 'retain-on-failure',
  },
});
