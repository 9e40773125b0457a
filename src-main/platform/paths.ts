/** Where things live on this machine: the per-user data folder, and the built renderer. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The platform's user-data folder for an app (what Electron's `app.getPath('userData')` gives). */
export function userDataDir(app = 'lanchat', env = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), app);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', app);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), app);
}

/** The project's root folder (this file is src-main/platform/paths.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built browser client, if it has been built. */
export function rendererDir(): string | undefined {
  const dir = join(PROJECT_ROOT, 'dist', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}
