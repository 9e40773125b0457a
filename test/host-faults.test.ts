/**
 * Faults of the data folder against a real host: a full disk (a small tmpfs) leaves the log
 * consistent and sends resume with no gap in seq, SQLite on the host's thread or on its own; a second host on the same folder, a damaged
 * database and an unreadable one each refuse to start in one sentence; the folder and files are
 * private. The desktop app's hosting panel says the same sentences.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostingController } from '../src-main/electron/hosting.ts';
import { SqliteFileIndex } from '../src-main/files/sqlite-file-index.ts';
import { SqliteStore } from '../src-main/store/sqlite-store.ts';
import { SqliteWorkerStore } from '../src-main/store/sqlite-worker-store.ts';
import { useHosts } from './helpers/fixtures.ts';
import { cleanupFolders, tempDataDir } from './helpers/host.ts';
import { runHostCli, spawnHost } from './helpers/spawn-host.ts';
import type { Frame, RawClient } from './helpers/ws-client.ts';
import { SPAWNING_TEST_MS } from './helpers/cpu-deadline.ts';

const t = useHosts();
const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  cleanupFolders();
});

const isRoot = process.getuid?.() === 0;

/** A tmpfs of `size` (e.g. `3m`), unmounted after the test. */
function smallDisk(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lc-hard-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'lc-hard-tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** Sends one message and waits for its fate: the stored message or the error about it. */
async function send(c: RawClient, id: string, text: string): Promise<Frame> {
  c.sendJson({ type: 'send', id, text });
  return c.next(['message', 'error'], (f) => f.id === id || f.ref === id, 15_000);
}

describe.runIf(isRoot).each(['the host’s thread', 'its own thread'])('a full disk, SQLite on %s', (where) => {
  it('refuses sends with unavailable, keeps the log consistent, and continues with no gap in seq once there is room', async () => {
    const disk = smallDisk('3m');
    const dataDir = join(disk, 'data');
    const store = where === 'its own thread' ? await SqliteWorkerStore.open({ dataDir }) : undefined;
    const h = await t.host({ dataDir, rate: 0, store });
    const watcher = await t.join(h.url());
    const c = await t.join(h.url());
    const text = 'f'.repeat(3000);
    expect(await send(c, 'warm', text)).toMatchObject({ type: 'message', seq: 1 });
    // Leave the database little room, then write until the disk is full.
    const filler = join(disk, 'filler');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk]).toString().split('\n')[1]);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 96 * 1024)));
    const refused: string[] = [];
    for (let i = 0; i < 400 && refused.length < 3; i++) {
      const answer = await send(c, `m${i}`, text);
      if (answer.type === 'error') {
        expect(answer).toMatchObject({ code: 'unavailable' });
        refused.push(`m${i}`);
      }
    }
    expect(refused.length).toBe(3);
    expect(h.logs.join('\n')).toMatch(/store append failed .*(disk is full|database or disk is full)/);
    // Room again: the refused sends go again (as clients do) and the log goes on without a gap.
    rmSync(filler);
    for (const id of refused) expect(await send(c, id, text)).toMatchObject({ type: 'message' });
    expect(await send(c, 'after', 'room again')).toMatchObject({ type: 'message' });
    const seen = watcher.messages().map((m) => m.seq as number);
    const last = seen.at(-1)!;
    await watcher.waitForMessages(last);
    expect(watcher.messages().map((m) => m.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    const stored = await h.host.options.store.history('general', 0, 10_000);
    expect(stored.messages.map((m) => m.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(new Set(stored.messages.map((m) => m.id)).size).toBe(last);
  });
});

describe('the data folder', () => {
  it(
    'is held by its host: a second host on it refuses to start in one sentence',
    async () => {
      const dataDir = tempDataDir();
      const first = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
      try {
        const second = await runHostCli(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
        // The same sentence from a host whose SQLite runs on its own thread.
        const third = await runHostCli(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir, '--store-thread']);
        expect(third).toMatchObject({ code: 1, stderr: second.stderr });
        expect(second.code).toBe(1);
        expect(second.stderr.trim()).toBe(
          `Another LAN Chat host is already using the data folder ${dataDir}: stop that host, or give this one another folder (--data).`,
        );
      } finally {
        first.child.kill('SIGTERM');
        await first.exited;
      }
      // Once it is gone the folder is free again (no stale lock after a stop or a crash).
      const again = await spawnHost(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
      again.child.kill('SIGKILL');
      await again.exited;
      await new SqliteStore({ dataDir }).close();
    },
    SPAWNING_TEST_MS,
  );

  it(
    'a damaged database: one sentence naming the file and what to do, exit 1, the file untouched',
    async () => {
      const dataDir = tempDataDir();
      const file = join(dataDir, 'history.sqlite');
      writeFileSync(file, Buffer.from('this is not a database, just some text someone saved here\n'.repeat(200)));
      const before = createHash('sha256').update(readFileSync(file)).digest('hex');
      const mode = statSync(file).mode;
      const r = await runHostCli(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        `The history file ${file} is damaged or is not a LAN Chat database: move it out of the folder (or restore it from a backup) and start again; it was left untouched.`,
      ]);
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
      expect(statSync(file).mode).toBe(mode);
    },
    SPAWNING_TEST_MS,
  );

  it(
    'an unreadable database: one sentence naming the file, exit 1',
    async () => {
      const dataDir = tempDataDir();
      mkdirSync(join(dataDir, 'history.sqlite')); // a folder where the file should be: even root cannot open it
      const r = await runHostCli(['--port', '0', '--bind', '127.0.0.1', '--data', dataDir]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`The history file ${join(dataDir, 'history.sqlite')} cannot be opened`);
    },
    SPAWNING_TEST_MS,
  );

  it('is private: folder 0700, the databases (history, search index, file index) and their WALs 0600', async () => {
    const dataDir = join(tempDataDir(), 'new-folder');
    const h = await t.host({ dataDir, files: { dir: join(dataDir, 'files'), index: new SqliteFileIndex(dataDir) } });
    const c = await t.join(h.url());
    c.sendJson({ type: 'send', id: 'x', text: 'written' });
    await c.waitForMessages(1);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const databases = ['history.sqlite', 'history.sqlite-wal', 'search.sqlite', 'files.sqlite', 'files.sqlite-wal'];
    for (const name of databases) {
      expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('the desktop hosting panel says why, instead of staying at “starting”', async () => {
    const dataDir = tempDataDir();
    const holder = new SqliteStore({ dataDir });
    try {
      const hosting = new HostingController({ dataDir, bind: '127.0.0.1', addresses: () => [] });
      const status = await hosting.start({ room: 'general', port: 0 });
      expect(status).toMatchObject({ state: 'stopped', errorCode: 'EDATA_LOCKED' });
      expect(status.state === 'stopped' && status.error).toMatch(
        /^Another LAN Chat host is already using the data folder/,
      );
    } finally {
      await holder.close();
    }
    const broken = tempDataDir();
    writeFileSync(join(broken, 'history.sqlite'), 'garbage'.repeat(1000));
    const hosting = new HostingController({ dataDir: broken, bind: '127.0.0.1', addresses: () => [] });
    expect(await hosting.start({ room: 'general', port: 0 })).toMatchObject({
      state: 'stopped',
      errorCode: 'EDATA_CORRUPT',
      error: expect.stringContaining(join(broken, 'history.sqlite')),
    });
  });
});
