/**
 * The files options of a host from its command line (or the desktop app's settings): the folder,
 * the index that goes with the history store (SQLite beside it, or the same Redis), the limits.
 */
import { join, resolve } from 'node:path';
import { RedisStore } from '../redis/redis-store.ts';
import type { HistoryStore } from '../store/store.ts';
import type { FilesOptions } from './files-service.ts';
import { RedisFileIndex } from './redis-file-index.ts';
import { SqliteFileIndex } from './sqlite-file-index.ts';

export interface FilesFlags {
  dataDir: string;
  /** `--files DIR` (default DATA/files). */
  files?: string;
  maxFileMb?: number;
  minFreeMb?: number;
}

const MIB = 1024 * 1024;

/** Files options that keep the metadata where `store` keeps the history. */
export function hostFilesOptions(store: HistoryStore, flags: FilesFlags): FilesOptions {
  const index =
    store instanceof RedisStore
      ? // The deployment's prefix is what stands before `secret` in its keys (keys.ts).
        new RedisFileIndex(store.redis, store.keys.secret.replace(/secret$/, ''))
      : new SqliteFileIndex(flags.dataDir);
  return {
    dir: resolve(flags.files ?? join(flags.dataDir, 'files')),
    index,
    ...(flags.maxFileMb === undefined ? {} : { maxFileBytes: flags.maxFileMb * MIB }),
    ...(flags.minFreeMb === undefined ? {} : { minFreeBytes: flags.minFreeMb * MIB }),
  };
}
