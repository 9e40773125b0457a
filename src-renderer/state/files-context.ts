/**
 * What a message's files need from their room, handed down by context (RoomView sets it) so
 * that the message list does not thread it through every row.
 */
import { getContext, setContext } from 'svelte';
import type { FileInfo } from '../../src-shared/protocol.ts';

export interface FilesContext {
  /** The full URL of a file, or of a host path (a preview), with the token a locked room needs. */
  url(pathOrFile: string | FileInfo): string;
  /** Opens an image in the viewer. */
  open(fileId: string): void;
}

const KEY = Symbol('files');

export function setFilesContext(ctx: FilesContext): void {
  setContext(KEY, ctx);
}

export function filesContext(): FilesContext | undefined {
  return getContext<FilesContext | undefined>(KEY);
}
