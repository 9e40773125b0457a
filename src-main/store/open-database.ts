/**
 * Opens the history database the safe way: the data folder private to its owner (0700), the
 * database file 0600 before SQLite first touches it (its WAL file inherits that mode), and an
 * exclusive lock held for as long as the host runs, so that a second host on the same folder
 * refuses to start instead of failing every send. What can go wrong at this point becomes one
 * sentence naming the file and what to do, and the file is left as it was.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPrivate, makePrivate } from '../platform/private-file.ts';
import { translator, type Translate } from '../../src-shared/i18n/index.ts';

export const DATABASE_FILE = 'history.sqlite';

/** Why the database could not be opened; `message` is the sentence for people, in English. */
export class StoreOpenError extends Error {
  /** `locked`: another host uses it; `corrupt`: not a (readable) database; `access`: the system refuses. */
  readonly reason: 'locked' | 'corrupt' | 'access';
  readonly file: string;
  readonly dataDir: string;
  /** The system's own words (for `access`). */
  readonly detail: string;

  constructor(reason: StoreOpenError['reason'], file: string, dataDir: string, detail: string, cause: unknown) {
    super('', { cause });
    this.name = 'StoreOpenError';
    this.reason = reason;
    this.file = file;
    this.dataDir = dataDir;
    this.detail = detail;
    this.message = this.say(translator('en'));
  }

  /** The sentence in the language of `t`: it names the file and says what to do. */
  say(t: Translate): string {
    if (this.reason === 'locked') return t('data.locked', { dir: this.dataDir });
    if (this.reason === 'corrupt') return t('data.corrupt', { file: this.file });
    return t('data.access', { file: this.file, dir: this.dataDir, reason: this.detail });
  }
}

/** SQLite result codes (primary, the low byte of the extended code). */
const SQLITE = { BUSY: 5, LOCKED: 6, READONLY: 8, CANTOPEN: 14, CORRUPT: 11, NOTADB: 26, PERM: 3, AUTH: 23 };

/** Translates an error met while opening into a sentence, or returns it unchanged. */
export function openError(err: unknown, dataDir: string, file: string): unknown {
  const e = err as { errcode?: number; code?: string; message?: string };
  const primary = typeof e.errcode === 'number' ? e.errcode & 0xff : undefined;
  if (primary === SQLITE.BUSY || primary === SQLITE.LOCKED) {
    return new StoreOpenError('locked', file, dataDir, '', err);
  }
  if (primary === SQLITE.CORRUPT || primary === SQLITE.NOTADB) {
    return new StoreOpenError('corrupt', file, dataDir, '', err);
  }
  if (
    primary === SQLITE.CANTOPEN ||
    primary === SQLITE.READONLY ||
    primary === SQLITE.PERM ||
    primary === SQLITE.AUTH ||
    e.code === 'EACCES' ||
    e.code === 'EPERM' ||
    e.code === 'EROFS' ||
    e.code === 'EISDIR'
  ) {
    return new StoreOpenError('access', file, dataDir, e.message ?? String(err), err);
  }
  return err;
}

/**
 * Opens (creating when needed) `history.sqlite` in `dataDir`, private and locked, with `schema`.
 * @throws StoreOpenError with a sentence for people
 */
export function openDatabase(dataDir: string, synchronous: 'FULL' | 'NORMAL', schema: string): DatabaseSync {
  const file = join(dataDir, DATABASE_FILE);
  let db: DatabaseSync | undefined;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    makePrivate(dataDir, 0o700);
    createPrivate(file); // SQLite's WAL file takes the same mode
    // No waiting for a lock while opening: a lock held now is held by another host.
    db = new DatabaseSync(file, { timeout: 0 });
    // Exclusive: the lock is taken by the first write below and kept until close. SQLite then
    // keeps the WAL index in this process's memory (no -shm file).
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
    db.exec(`PRAGMA busy_timeout = 5000; PRAGMA synchronous = ${synchronous};`);
    db.exec(schema); // reads the file's own schema: a damaged one is refused now, not at a send
    makePrivate(file); // only once it is known to be ours
    return db;
  } catch (err) {
    if (db?.isOpen) db.close();
    throw openError(err, dataDir, file);
  }
}
