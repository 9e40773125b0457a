/**
 * The files' metadata, kept in the host's database (SQLite beside the history, or Redis for
 * several hosts): which finished upload is which file of which room, which message holds it,
 * and how many files share one blob. Two engines, one interface, as for the history store.
 */
import type { FileInfo } from '../../src-shared/protocol.ts';

/** One finished upload: a file of one room. */
export interface StoredFile extends FileInfo {
  room: string;
  /** The tus upload it came from (a later HEAD on it answers the file id). */
  uploadId: string;
  createdAt: number;
  /** The message that holds it (`memberId:sendId`), once one does. */
  owner?: string;
}

export interface FileIndex {
  /** Records a finished upload. */
  put(file: StoredFile): Promise<void>;
  /** The file, only when it belongs to `room`. */
  get(room: string, id: string): Promise<StoredFile | undefined>;
  /** The file id of a finished upload. */
  byUpload(uploadId: string): Promise<string | undefined>;
  /**
   * Gives files to a message, all or none: each must be of `room` and held by no message or by
   * this same one (a re-send). @returns the files in the given order, or the first id refused
   */
  attach(room: string, ids: readonly string[], owner: string): Promise<{ files: StoredFile[] } | { refused: string }>;
  /** The ids of the files the message `owner` holds. */
  owned(room: string, owner: string): Promise<string[]>;
  /** The message `owner` was not stored after all: its files are held by no message again. */
  release(room: string, owner: string): Promise<void>;
  /** Files held by no message and created before `before`. */
  orphans(before: number): Promise<StoredFile[]>;
  /**
   * Forgets files. @returns the SHA-256 of each blob that no file uses any more (to remove from disk)
   */
  remove(room: string, ids: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}
