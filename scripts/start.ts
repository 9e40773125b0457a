/**
 * `npm start`: builds what is needed and launches the desktop app. Where the Electron binary is
 * missing (it is downloaded from GitHub, which some machines cannot reach), it says so in one
 * paragraph and runs the headless host instead, with the browser client at a printed address,
 * so that the person still gets a working chat. Arguments after `--` go to the host then.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from '../src-main/platform/electron-binary.ts';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';
import { buildElectron } from './build-electron.ts';

/**
 * Builds the browser client (the desktop window shows the same one) when its sources exist.
 * LANCHAT_START_NO_BUILD=1 skips it (tests that start many hosts).
 */
function buildRenderer(): void {
  if (process.env.LANCHAT_START_NO_BUILD === '1') return;
  if (!existsSync(join(PROJECT_ROOT, 'src-renderer', 'vite.config.ts'))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('npm start: building the user interface failed (see above).');
    process.exit(result.status ?? 1);
  }
}

/** The one paragraph shown when there is no Electron binary. */
export function missingElectronParagraph(why: string, version = '45'): string {
  const text = [
    `The desktop app cannot open: ${why}. Electron downloads its binary from GitHub on first use,`,
    'and this machine could not get it. To get it, run `npx install-electron` on a machine with',
    'internet access (or set ELECTRON_MIRROR to a mirror you can reach), or unpack',
    `electron-v${version}-<platform>-<arch>.zip from https://github.com/electron/electron/releases`,
    'and set ELECTRON_OVERRIDE_DIST_PATH to that folder; then run `npm start` again. Meanwhile,',
    'here is the same chat from a headless host: open the address printed below in a browser.',
  ].join(' ');
  return wrap(text, 100);
}

/** Wraps text at spaces to lines of at most `width` characters (a long word keeps its own line). */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

async function main(): Promise<void> {
  buildRenderer();
  const electron = findElectronBinary();
  if (!electron.ok) {
    console.log(`\n${missingElectronParagraph(electron.why, electron.version)}\n`);
    // Parses process.argv itself, like `npm run host`. Plain JavaScript without a declaration
    // (src-main/cli/host.mjs says why), hence imported by a name TypeScript does not resolve.
    const door: string = '../src-main/cli/host.mjs';
    await import(door);
    return;
  }
  await buildElectron();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make Electron a plain Node and ignore the app
  const child = spawn(electron.path, [PROJECT_ROOT, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

await main();
