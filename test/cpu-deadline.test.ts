/** The CPU deadline of tests that spawn programs: it counts the CPU they burn, not the clock. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuOfTree, waitWithin } from './helpers/cpu-deadline.ts';

/** A child node process running `code`, in a process group of its own; the caller kills the group. */
function child(code: string) {
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore', detached: true });
}

describe('waitWithin', () => {
  it('gives up once a spinning child has burnt its CPU budget, and says so', async () => {
    const spin = child('for (;;) {}');
    try {
      const started = Date.now();
      await expect(
        waitWithin(() => false, 'nothing', { pids: [spin.pid], cpuMs: 500, wallMs: 60_000 }),
      ).rejects.toThrow(/^gave up after \d+\.\d s of CPU \(\d+\.\d s on the clock\) waiting for nothing$/);
      expect(Date.now() - started).toBeLessThan(60_000); // the CPU budget ended it, not the cap
    } finally {
      process.kill(-spin.pid!, 'SIGKILL');
    }
  });

  it('does not count the clock while the watched processes wait: only the hang cap ends it', async () => {
    const idle = child('setTimeout(() => {}, 60_000)');
    try {
      const started = Date.now();
      // The test process itself is idle too, in between polls: a 2 s CPU budget is not reached.
      await expect(
        waitWithin(() => false, 'an idle child', { pids: [idle.pid], cpuMs: 2000, wallMs: 1500 }),
      ).rejects.toThrow(/^gave up after 0\.\d s of CPU/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    } finally {
      process.kill(-idle.pid!, 'SIGKILL');
    }
  });

  it('returns as soon as the check is true', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 100);
    await waitWithin(() => ready, 'the flag', { cpuMs: 10_000, wallMs: 10_000 });
    expect(ready).toBe(true);
  });
});

describe('cpuOfTree', () => {
  it('counts the CPU of a child’s own children (npm → sh → node is one program)', async () => {
    const parent = child(
      "require('node:child_process').spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }); setTimeout(() => {}, 60_000)",
    );
    try {
      await waitWithin(() => cpuOfTree(parent.pid!) > 700, 'the grandchild’s CPU to show in the tree', {
        cpuMs: 15_000,
        wallMs: 15_000,
      });
    } finally {
      process.kill(-parent.pid!, 'SIGKILL'); // the group: the spinning grandchild too
    }
  });
});
