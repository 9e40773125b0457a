/**
 * This install's identity secret for the terminal client (the desktop app keeps it in its
 * settings): `identity.json` in the user-data folder, owner-only, made on first run. It never
 * leaves the machine; each host gets a clientId derived from it (src-shared/client-identity.ts).
 */
import { join } from 'node:path';
import { isInstallSecret, newInstallSecret } from '../../src-shared/client-identity.ts';
import { readJson, writeFileAtomic } from '../platform/atomic-file.ts';

export const IDENTITY_FILE = 'identity.json';

/** Reads the install secret from `<dir>/identity.json`, making it on first run. */
export async function loadInstallSecret(dir: string): Promise<string> {
  const path = join(dir, IDENTITY_FILE);
  const read = await readJson(path);
  const stored = read && read !== 'corrupt' ? (read.value as { secret?: unknown }).secret : undefined;
  if (isInstallSecret(stored)) return stored;
  if (read === 'corrupt') {
    throw new Error(
      `${path} is damaged, so this install's identity cannot be read. Move it aside to start as a new member everywhere.`,
    );
  }
  const secret = newInstallSecret();
  await writeFileAtomic(path, `${JSON.stringify({ secret }, null, 2)}\n`);
  return secret;
}
