/**
 * `npm run build:electron`: bundles the desktop app's main process (ESM) and its preload (one
 * CommonJS file: a sandboxed preload cannot import local modules) into dist/electron, with the
 * tray/window icon beside them. Node built-ins, `electron` and the npm dependencies stay
 * external: Electron provides the first two, electron-builder packages the third.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'rolldown';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';

const out = join(PROJECT_ROOT, 'dist', 'electron');
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const dependencies = Object.keys(pkg.dependencies ?? {});
const external = (id: string) =>
  id === 'electron' ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** Builds both bundles; returns the files written. */
export async function buildElectron(): Promise<string[]> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build([
    {
      input: join(PROJECT_ROOT, 'src-main/electron/main.ts'),
      platform: 'node',
      external,
      output: { file: join(out, 'main.js'), format: 'esm', sourcemap: true },
    },
    {
      input: join(PROJECT_ROOT, 'src-main/preload/index.ts'),
      platform: 'node',
      external: (id) => id === 'electron',
      output: { file: join(out, 'preload.cjs'), format: 'cjs', sourcemap: true },
    },
  ]);
  copyFileSync(join(PROJECT_ROOT, 'build', 'icon.png'), join(out, 'icon.png'));
  return ['main.js', 'preload.cjs', 'icon.png'].map((f) => join(out, f));
}

if (import.meta.main) {
  const files = await buildElectron();
  console.log(`Built the desktop app: ${files.map((f) => f.slice(PROJECT_ROOT.length + 1)).join(', ')}`);
}
