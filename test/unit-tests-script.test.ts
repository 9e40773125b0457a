/**
 * scripts/unit-tests.ts, the vitest part of `npm test`, run for real on a fixture suite
 * (test/fixtures/crash-once) whose test process dies by SIGTRAP, as V8's failed checks end one:
 * a file that crashed once runs again and the run passes with the crash still said at the end;
 * a file that crashes twice fails the run; and with a test that really fails nothing runs again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-crash-once-'));
  dirs.push(dir);
  const marker = join(dir, 'crashed');
  const out = spawnSync(
    process.execPath,
    ['scripts/unit-tests.ts', '--config=test/fixtures/crash-once/vitest.config.ts'],
    { encoding: 'utf8', env: { ...process.env, ...env, CRASH_MARKER: marker, NO_COLOR: '1' }, timeout: 60_000 },
  );
  const text = out.stdout + out.stderr;
  return { code: out.status, text, crashed: existsSync(marker), tail: text.slice(text.lastIndexOf('Test Files')) };
}

describe('npm test’s vitest run', () => {
  it('runs a file whose process crashed once more, passes, and says the crash after the summary', () => {
    const r = run();
    expect(r.crashed).toBe(true);
    expect(r.text).toMatch(/Running test\/fixtures\/crash-once\/crash\.fixture\.ts once more/);
    expect(r.tail).toMatch(/passed when run again; the crash above is in the log/);
    // The process's last words come again after vitest's summary, where a CI log's tail shows them.
    const said = r.text.lastIndexOf('A test process crashed: test/fixtures/crash-once/crash.fixture.ts');
    expect(said).toBeGreaterThan(r.text.indexOf('Worker exited unexpectedly'));
    expect(r.text.slice(said)).toMatch(/Check failed: \(location_\) != nullptr/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('fails when the file crashes again', () => {
    const r = run({ CRASH_ALWAYS: '1' });
    expect(r.text).toMatch(/once more/);
    expect(r.tail).toMatch(/did not pass when run again/);
    expect(r.code).not.toBe(0);
  }, 60_000);

  it('never runs anything again when a test failed', () => {
    const r = run({ FAIL_TOO: '1' });
    expect(r.crashed).toBe(true);
    expect(r.text).toMatch(/fails for real when asked to/);
    expect(r.text).not.toMatch(/once more/);
    expect(r.code).not.toBe(0);
  }, 60_000);
});
