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

/** Takes every permission of the group and of others off `file` (a file made by an older version, or copied in). */
export function makePrivate(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}
