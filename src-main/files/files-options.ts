/**
 * The files options of a host from its command line (or the desktop app's settings): the folder,
 * the index (SQLite beside the history by default; a Redis deployment passes its shared one), the
 * limits.
 */
import { join, resolve } from 'node:path';
import type { FileIndex } from './file-index.ts';
import type { FilesOptions } from './files-service.ts';
import { SqliteFileIndex } from './sqlite-file-index.ts';

export interface FilesFlags {
  dataDir: string;
  /** `--files DIR` (default DATA/files). */
  files?: string;
  maxFileMb?: number;
  minFreeMb?: number;
}

const MIB = 1024 * 1024;

/** Files options that keep the metadata in `index`: where the history is kept. */
export function hostFilesOptions(
  flags: FilesFlags,
  index: FileIndex = new SqliteFileIndex(flags.dataDir),
): FilesOptions {
  return {
    dir: resolve(flags.files ?? join(flags.dataDir, 'files')),
    index,
    ...(flags.maxFileMb === undefined ? {} : { maxFileBytes: flags.maxFileMb * MIB }),
    ...(flags.minFreeMb === undefined ? {} : { minFreeBytes: flags.minFreeMb * MIB }),
  };
}
