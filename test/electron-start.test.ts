/**
 * `npm start` without an Electron binary: one paragraph saying what is missing and how to get
 * it, then a working headless host. And the binary detection it relies on, which must never
 * download anything.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../src-main/platform/electron-binary.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { SPAWNING_TEST_MS, settleWithin, waitWithin } from './helpers/cpu-deadline.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';
import { RawClient } from './helpers/ws-client.ts';

afterEach(cleanupFolders);

/** A project folder with an electron package (and, if asked, its binary). */
function fakeProject(withBinary: boolean): string {
  const root = tempDataDir();
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"x"}');
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.9.9","main":"index.js"}');
  if (withBinary) {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    writeFileSync(join(pkg, 'dist', 'electron'), '');
  }
  return root;
}

describe('findElectronBinary', () => {
  it('finds the binary where the electron package puts it', () => {
    const root = fakeProject(true);
    expect(findElectronBinary(root, {})).toEqual({
      ok: true,
      path: join(root, 'node_modules', 'electron', 'dist', 'electron'),
      version: '45.9.9',
    });
  });

  it('says what is missing, without downloading it', () => {
    expect(findElectronBinary(fakeProject(false), {})).toEqual({
      ok: false,
      version: '45.9.9',
      why: 'the Electron 45.9.9 binary is not in node_modules/electron/dist',
    });
    expect(findElectronBinary(tempDataDir(), {})).toMatchObject({
      ok: false,
      why: /electron npm package is not installed/,
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const root = fakeProject(false);
    const unpacked = tempDataDir();
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: unpacked })).toMatchObject({ ok: false });
    writeFileSync(join(unpacked, process.platform === 'win32' ? 'electron.exe' : 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: unpacked })).toMatchObject({ ok: true });
  });
});

describe('npm start without Electron', { timeout: SPAWNING_TEST_MS }, () => {
  it('explains in one paragraph, then runs the headless host people can chat on', async () => {
    const child = spawn(
      process.execPath,
      ['scripts/start.ts', '--port', '0', '--bind', '127.0.0.1', '--data', tempDataDir()],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: tempDataDir(), LANCHAT_START_NO_BUILD: '1' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const running = /is running on port (\d+)/;
      await waitWithin(
        () => running.test(out),
        () => `${running} in:\n${out}`,
        { pids: [child.pid] },
      );
      const paragraph = out.slice(0, out.indexOf('LAN Chat host')).trim();
      expect(paragraph).toMatch(
        /^The desktop app cannot open: the Electron [\d.]+ binary is not in ELECTRON_OVERRIDE_DIST_PATH/,
      );
      const flat = paragraph.replace(/\s+/g, ' ');
      expect(flat).toContain('npx install-electron');
      expect(flat).toContain('open the address printed below in a browser');
      expect(paragraph.split('\n\n')).toHaveLength(1); // one paragraph
      const port = Number(/is running on port (\d+)/.exec(out)![1]);
      const client = await RawClient.join(`ws://127.0.0.1:${port}/room/general`);
      client.sendJson({ type: 'send', id: 's1', text: 'it works without Electron' });
      expect((await client.next('message')).text).toBe('it works without Electron');
      client.ws.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await settleWithin(exited, 'npm start to exit after SIGTERM', { pids: [child.pid] })).toBe(0);
  });
});
