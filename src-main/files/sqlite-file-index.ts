/**
 * The {@link FileIndex} in its own SQLite file (`files.sqlite` in the data folder) on
 * `node:sqlite`, WAL and synchronous FULL like the history: a file a message holds survives a
 * power cut with it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { createPrivate, makePrivate } from '../platform/private-file.ts';
import type { FileIndex, StoredFile } from './file-index.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS files (
  room TEXT NOT NULL, id TEXT NOT NULL, upload_id TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL, owner TEXT, info TEXT NOT NULL,
  PRIMARY KEY (room, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256);
CREATE INDEX IF NOT EXISTS files_orphans ON files (created_at) WHERE owner IS NULL;
`;

interface Row {
  room: string;
  upload_id: string;
  created_at: number;
  owner: string | null;
  info: string;
}

const toFile = (r: Row): StoredFile => ({
  ...(JSON.parse(r.info) as StoredFile),
  room: r.room,
  uploadId: r.upload_id,
  createdAt: r.created_at,
  ...(r.owner === null ? {} : { owner: r.owner }),
});

/** The public part of a stored file, as messages carry it. */
export function infoOf(f: StoredFile): string {
  const { id, name, size, type, sha256, width, height, thumb } = f;
  return JSON.stringify({ id, name, size, type, sha256, width, height, thumb });
}

export class SqliteFileIndex implements FileIndex {
  readonly #db: DatabaseSync;
  readonly #q: Record<
    'put' | 'get' | 'byUpload' | 'own' | 'owned' | 'release' | 'orphans' | 'del' | 'shaUsers',
    StatementSync
  >;

  /** @param dataDir the data folder, or `:memory:` */
  constructor(dataDir: string) {
    const memory = dataDir === ':memory:';
    const file = join(dataDir, 'files.sqlite');
    if (!memory) {
      mkdirSync(dataDir, { recursive: true });
      createPrivate(file); // its rows name the files people sent: private like the history
      makePrivate(file);
    }
    this.#db = new DatabaseSync(memory ? ':memory:' : file);
    // secure_delete and the checkpoint in remove(): a deleted message's file names leave the disk.
    this.#db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;',
    );
    this.#db.exec(SCHEMA);
    const p = (sql: string) => this.#db.prepare(sql);
    const cols = 'room, upload_id, created_at, owner, info';
    this.#q = {
      put: p(`INSERT OR REPLACE INTO files (room, id, upload_id, sha256, created_at, owner, info)
              VALUES (?, ?, ?, ?, ?, NULL, ?)`),
      get: p(`SELECT ${cols} FROM files WHERE room = ? AND id = ?`),
      byUpload: p('SELECT id FROM files WHERE upload_id = ?'),
      own: p('UPDATE files SET owner = ? WHERE room = ? AND id = ?'),
      owned: p('SELECT id FROM files WHERE room = ? AND owner = ?'),
      release: p('UPDATE files SET owner = NULL, created_at = ? WHERE room = ? AND owner = ?'),
      orphans: p(`SELECT ${cols} FROM files WHERE owner IS NULL AND created_at < ? LIMIT 1000`),
      del: p('DELETE FROM files WHERE room = ? AND id = ? RETURNING sha256'),
      shaUsers: p('SELECT COUNT(*) AS n FROM files WHERE sha256 = ?'),
    };
  }

  async put(f: StoredFile): Promise<void> {
    this.#q.put.run(f.room, f.id, f.uploadId, f.sha256, f.createdAt, infoOf(f));
  }

  async get(room: string, id: string): Promise<StoredFile | undefined> {
    const row = this.#q.get.get(room, id) as Row | undefined;
    return row && toFile(row);
  }

  async byUpload(uploadId: string): Promise<string | undefined> {
    return (this.#q.byUpload.get(uploadId) as { id: string } | undefined)?.id;
  }

  async attach(room: string, ids: readonly string[], owner: string) {
    const files: StoredFile[] = [];
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const id of ids) {
        const row = this.#q.get.get(room, id) as Row | undefined;
        if (!row || (row.owner !== null && row.owner !== owner)) {
          this.#db.exec('ROLLBACK');
          return { refused: id };
        }
        this.#q.own.run(owner, room, id);
        files.push(toFile({ ...row, owner }));
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
    return { files };
  }

  async owned(room: string, owner: string): Promise<string[]> {
    return (this.#q.owned.all(room, owner) as { id: string }[]).map((r) => r.id);
  }

  async release(room: string, owner: string): Promise<void> {
    this.#q.release.run(Date.now(), room, owner); // a fresh 24 h to be sent again
  }

  async orphans(before: number): Promise<StoredFile[]> {
    return (this.#q.orphans.all(before) as unknown as Row[]).map(toFile);
  }

  async remove(room: string, ids: readonly string[]): Promise<string[]> {
    const gone: string[] = [];
    for (const id of ids) {
      const row = this.#q.del.get(room, id) as { sha256: string } | undefined;
      if (row && (this.#q.shaUsers.get(row.sha256) as { n: number }).n === 0) gone.push(row.sha256);
    }
    // The WAL still holds the removed rows until it is checkpointed and truncated.
    if (ids.length > 0) this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return gone;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
