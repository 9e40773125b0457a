/**
 * Finds the Electron binary without `require('electron')`: since Electron 45 that require
 * downloads the binary when it is missing, which hangs or fails on a machine without access to
 * GitHub. This reads the same files the electron package reads, and downloads nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

export type ElectronBinary =
  { ok: true; path: string; version: string } | { ok: false; version: string | undefined; why: string };

/** The Electron executable the project would run, or why there is none. */
export function findElectronBinary(root = PROJECT_ROOT, env = process.env): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, version: undefined, why: 'the electron npm package is not installed' };
  }
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  // The same override the electron package honours: a folder with an unpacked Electron.
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidates = override
    ? [join(override, relative ?? defaultExecutable())]
    : relative
      ? [join(pkgDir, 'dist', relative)]
      : [];
  const found = candidates.find((file) => existsSync(file));
  if (found) return { ok: true, path: found, version };
  const where = override ? `ELECTRON_OVERRIDE_DIST_PATH (${override})` : `node_modules/electron/dist`;
  return { ok: false, version, why: `the Electron ${version} binary is not in ${where}` };
}

/** The executable's name inside an unpacked Electron release for this platform. */
function defaultExecutable(platform = process.platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}
