/**
 * The data folder's databases are readable by their owner only (0600): they hold what people
 * wrote, the names of the files they sent, and the host's secrets. SQLite gives its WAL and
 * shared-memory files the mode of the database file, so the database file is the one to get right.
 */
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

/** Creates `file`, empty and 0600, unless it exists (an existing file keeps its mode: {@link makePrivate}). */
export function createPrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
}

/**
 * Takes every permission of the group and of others off `path` (made by an older version, or
 * copied in), leaving it `mode`: 0600 for a file, 0700 for a folder.
 */
export function makePrivate(path: string, mode = 0o600): void {
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
}
