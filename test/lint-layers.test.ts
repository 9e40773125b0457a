/**
 * The layering of src-main is a lint rule (eslint.config.js): these cases prove that it fires on
 * each kind of forbidden import, and stays quiet on the allowed ones.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint();

// The first lint loads every plugin and parser: CPU-bound work that takes seconds on a busy
// machine. It is done once here, under a hook timeout sized for a machine shared with others,
// so that each case below measures only its own lint.
beforeAll(() => eslint.lintText('', { filePath: 'src-main/host/warm-up.ts' }), 180_000);

/** The messages of the layering rule for `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering inside src-main', () => {
  it.each([
    ['src-main/host/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /Only src-main\/electron\//],
    [
      'src-main/store/x.ts',
      "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n",
      /Electron/,
    ],
    ['src-main/cli/x.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n", /Electron/],
    [
      'src-main/store/x.ts',
      "import { RedisStore } from '../redis/redis-store.ts';\nexport const s = RedisStore;\n",
      /src-main\/store\/ may not import/,
    ],
    [
      'src-main/host/x.ts',
      "import { RedisFanout } from '../redis/redis-fanout.ts';\nexport const f = RedisFanout;\n",
      /src-main\/host\/ may not import/,
    ],
    [
      'src-main/host/x.ts',
      "import { HostingController } from '../electron/hosting.ts';\nexport const h = HostingController;\n",
      /may not import/,
    ],
    [
      'src-main/discovery/x.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      /Only src-main\/electron\//,
    ],
    [
      'src-main/discovery/x.ts',
      "import { ChatHost } from '../host/chat-host.ts';\nexport const h = ChatHost;\n",
      /src-main\/discovery\/ may not import/,
    ],
    ['src-main/files/x.ts', "import { shell } from 'electron';\nexport const s = shell;\n", /Electron/],
    [
      'src-main/files/x.ts',
      "import { RedisStore } from '../redis/redis-store.ts';\nexport const r = RedisStore;\n",
      /src-main\/files\/ may not import/,
    ],
    [
      'src-main/tls/x.ts',
      "import { ChatHost } from '../host/chat-host.ts';\nexport const h = ChatHost;\n",
      /src-main\/tls\/ may not import/,
    ],
    [
      'src-main/platform/x.ts',
      "import { ChatHost } from '../host/chat-host.ts';\nexport const h = ChatHost;\n",
      /may not import/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/preload/x.ts', "import { contextBridge } from 'electron';\nexport const c = contextBridge;\n"],
    ['src-main/redis/x.ts', "import type { HistoryStore } from '../store/store.ts';\nexport type S = HistoryStore;\n"],
    ['src-main/host/x.ts', "import type { HistoryStore } from '../store/store.ts';\nexport type S = HistoryStore;\n"],
    ['src-main/electron/x.ts', "import { ChatHost } from '../host/chat-host.ts';\nexport const h = ChatHost;\n"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
