/**
 * The files of one room on their way out: the tray of what is about to be sent (picked, dropped
 * or pasted), then each message's uploads with their progress. Uploads go over tus
 * (tus-js-client): when the host is down or the Wi-Fi drops they wait and resume where they
 * stopped, with a fresh token after the client has rejoined. The message itself is sent (through
 * the outbox, like any other) once every file of it is on the host.
 */
import { Upload, type DetailedError } from 'tus-js-client';
import { FILE_ID_HEADER, FILE_LIMITS, UPLOAD_REFUSAL_HEADER, cleanFileName } from '../../src-shared/files.ts';
import { bytes, list, t } from './i18n.svelte.ts';
import { retryable, uploadFailure } from '../lib/files.ts';
import { keptUploads, type PendingBatch, type PendingUploads } from './pending-uploads.ts';

/** A file in the tray, not sent yet. */
export interface DraftFile {
  key: string;
  file: File;
  name: string;
  size: number;
  type: string;
  /** An object URL for an image's preview (revoked when it leaves the tray). */
  preview?: string;
}

export type UploadState = 'uploading' | 'waiting' | 'done' | 'failed';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: UploadState;
  error?: string;
  fileId?: string;
}

/** One message's files and caption while they upload. */
export interface UploadBatch {
  key: string;
  caption: string;
  items: UploadItem[];
}

/** What the attachments need of their room. */
export interface AttachmentsRoom {
  /** The tus endpoint of the room. */
  readonly endpoint: string;
  /** The current token (a new welcome may bring a new one); undefined while not joined. */
  token(): string | undefined;
  /** Sends the message once its files are in. */
  send(caption: string, fileIds: string[]): void;
  /** The room's address: its unfinished uploads are kept under it. */
  readonly key?: string;
  /** Where unfinished uploads are kept across a restart (default: the window's IndexedDB). */
  readonly pending?: PendingUploads;
}

/** What an upload needs of its file. */
interface Source {
  key: string;
  name: string;
  size: number;
  type: string;
  file: Blob;
  /** The upload's URL on the host, when it resumes one. */
  url?: string;
}

/** Pauses between attempts: quick at first, then every 30 s for as long as the host is away. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, ...Array<number>(120).fill(30_000)];
let counter = 0;
/** Keys are kept across restarts with the batches: each page numbers under its own random prefix. */
const PAGE = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
const nextKey = () => `a${PAGE}-${++counter}`;

export class Attachments {
  draft = $state<DraftFile[]>([]);
  batches = $state<UploadBatch[]>([]);
  /** Why the last files could not go into the tray (too many, too large). */
  notice = $state<string | null>(null);
  readonly #room: AttachmentsRoom;
  readonly #maxBytes: number;
  /** Kept uploads, for a room with a key. */
  readonly #pending: PendingUploads | undefined;
  // Not state: the running tus uploads, by item key; nothing renders them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #uploads = new Map<string, Upload>();

  constructor(room: AttachmentsRoom, maxBytes = FILE_LIMITS.maxFileMb * 1024 * 1024) {
    this.#room = room;
    this.#maxBytes = maxBytes;
    this.#pending = room.key === undefined ? undefined : (room.pending ?? keptUploads);
  }

  /** Puts files in the tray (at most 10 per message; too large ones are refused with a note). */
  add(files: Iterable<File>): void {
    const refused: string[] = [];
    for (const file of files) {
      if (this.draft.length >= FILE_LIMITS.perMessage) {
        refused.push(t('files.tooMany', { count: FILE_LIMITS.perMessage }));
        break;
      }
      if (file.size > this.#maxBytes) {
        refused.push(t('files.tooBig', { name: cleanFileName(file.name), max: bytes(this.#maxBytes) }));
        continue;
      }
      const name = cleanFileName(file.name || 'pasted.png');
      const draft: DraftFile = { key: nextKey(), file, name, size: file.size, type: file.type };
      if (/^image\/(png|jpeg|gif|webp)$/.test(file.type)) draft.preview = URL.createObjectURL(file);
      this.draft.push(draft);
    }
    this.notice = refused.length > 0 ? t('files.notAdded', { reasons: list(refused) }) : null;
  }

  /** Takes a file out of the tray. */
  remove(key: string): void {
    const gone = this.draft.find((d) => d.key === key);
    if (gone?.preview) URL.revokeObjectURL(gone.preview);
    this.draft = this.draft.filter((d) => d.key !== key);
  }

  /** Sends the tray's files with `caption`: uploads start now, the message follows them. */
  send(caption: string): void {
    const files = this.draft;
    if (files.length === 0) return;
    this.draft = [];
    this.notice = null;
    const batch: UploadBatch = {
      key: nextKey(),
      caption,
      items: files.map((d) => ({ key: d.key, name: d.name, size: d.size, sent: 0, state: 'uploading' })),
    };
    this.batches.push(batch);
    if (this.#pending && this.#room.key !== undefined) {
      void this.#pending.put({
        key: batch.key,
        room: this.#room.key,
        caption,
        items: files.map((d) => ({ key: d.key, name: d.name, size: d.size, type: d.type, blob: d.file })),
        createdAt: Date.now(),
      });
    }
    files.forEach((d) => {
      if (d.preview) URL.revokeObjectURL(d.preview);
      this.#start(batch.key, d);
    });
  }

  #restored = false;

  /**
   * Resumes the uploads kept from an earlier run of the app (once, after the first welcome: they
   * need the token): each from the offset the host has, and its message follows as usual.
   */
  async restore(): Promise<void> {
    const pending = this.#pending;
    const key = this.#room.key;
    if (this.#restored || !pending || key === undefined) return;
    this.#restored = true;
    for (const kept of await pending.load(key)) this.#resume(kept);
  }

  #resume(kept: PendingBatch): void {
    if (this.batches.some((b) => b.key === kept.key)) return;
    const items: UploadItem[] = kept.items.map((i) => ({
      key: i.key,
      name: i.name,
      size: i.size,
      sent: i.fileId ? i.size : 0,
      state: i.fileId ? 'done' : 'uploading',
      ...(i.fileId ? { fileId: i.fileId } : {}),
    }));
    this.batches.push({ key: kept.key, caption: kept.caption, items });
    for (const i of kept.items) {
      if (!i.fileId)
        this.#start(kept.key, { key: i.key, name: i.name, size: i.size, type: i.type, file: i.blob, url: i.url });
    }
    this.#maybeSend(kept.key);
  }

  /** Cancels one upload (or a whole batch): its bytes are dropped on the host too. */
  cancel(batchKey: string, itemKey?: string): void {
    const batch = this.batches.find((b) => b.key === batchKey);
    if (!batch) return;
    for (const item of batch.items) {
      if (itemKey !== undefined && item.key !== itemKey) continue;
      void this.#uploads
        .get(item.key)
        ?.abort(true)
        .catch(() => {});
      this.#uploads.delete(item.key);
    }
    void this.#pending?.remove(batchKey, itemKey === undefined ? undefined : [itemKey]);
    const left = itemKey === undefined ? [] : batch.items.filter((i) => i.key !== itemKey);
    this.batches = this.batches.map((b) => (b.key === batchKey ? { ...b, items: left } : b));
    this.#maybeSend(batchKey);
  }

  #start(batchKey: string, draft: Source): void {
    const update = (patch: Partial<UploadItem>) => this.#update(batchKey, draft.key, patch);
    const pending = this.#pending;
    let fileId: string | undefined;
    const upload = new Upload(draft.file, {
      endpoint: this.#room.endpoint,
      metadata: { filename: draft.name, filetype: draft.type || 'application/octet-stream' },
      retryDelays: RETRY_DELAYS,
      // The upload URL is kept with the batch (pending-uploads.ts), not by tus's fingerprint.
      storeFingerprintForResuming: false,
      ...(draft.url ? { uploadUrl: draft.url } : {}),
      onUploadUrlAvailable: () => {
        if (upload.url) void pending?.update(batchKey, draft.key, { url: upload.url });
      },
      onBeforeRequest: (req) => {
        const token = this.#room.token();
        if (token) req.setHeader('Authorization', `Bearer ${token}`);
      },
      onAfterResponse: (_req, res) => {
        fileId = res.getHeader(FILE_ID_HEADER) ?? fileId;
      },
      onProgress: (sent) => update({ sent, state: 'uploading' }),
      onShouldRetry: (err: DetailedError) => {
        const status = err.originalResponse?.getStatus();
        const refusal = err.originalResponse?.getHeader(UPLOAD_REFUSAL_HEADER);
        const again = retryable(status, refusal);
        if (again) update({ state: 'waiting', error: uploadFailure(status, undefined, refusal) });
        return again;
      },
      onError: (err) => {
        const res = (err as DetailedError).originalResponse;
        const refusal = res?.getHeader(UPLOAD_REFUSAL_HEADER);
        update({ state: 'failed', error: uploadFailure(res?.getStatus(), res?.getBody(), refusal) });
        this.#uploads.delete(draft.key);
        void pending?.remove(batchKey, [draft.key]); // refused for good: nothing to resume
      },
      onSuccess: () => {
        this.#uploads.delete(draft.key);
        if (!fileId) return update({ state: 'failed', error: t('files.noFileId') });
        update({ state: 'done', sent: draft.size, fileId });
        void pending?.update(batchKey, draft.key, { fileId });
        this.#maybeSend(batchKey);
      },
    });
    this.#uploads.set(draft.key, upload);
    upload.start();
  }

  #update(batchKey: string, itemKey: string, patch: Partial<UploadItem>): void {
    const batch = this.batches.find((b) => b.key === batchKey);
    const item = batch?.items.find((i) => i.key === itemKey);
    if (!item) return;
    if (patch.state === 'uploading' || patch.state === 'done') delete item.error;
    Object.assign(item, patch);
  }

  /** Once every file of a batch is in, its message goes (without the cancelled ones). */
  #maybeSend(batchKey: string): void {
    const batch = this.batches.find((b) => b.key === batchKey);
    if (!batch || batch.items.some((i) => i.state !== 'done')) return;
    this.batches = this.batches.filter((b) => b.key !== batchKey);
    // From here the outbox keeps the message (across a restart too): the batch is let go first,
    // so that a restart can never send it twice.
    void this.#pending?.remove(batchKey);
    const ids = batch.items.map((i) => i.fileId!);
    if (ids.length > 0) this.#room.send(batch.caption, ids);
    else if (batch.caption.trim() !== '') this.#room.send(batch.caption, []);
  }

  /**
   * Stops every upload. The room is left for good when `forget`: its kept uploads are dropped
   * (the host drops the unfinished ones after a day); otherwise they resume at the next start.
   */
  dispose(forget = false): void {
    for (const u of this.#uploads.values()) void u.abort(false).catch(() => {});
    this.#uploads.clear();
    if (forget) for (const b of this.batches) void this.#pending?.remove(b.key);
    for (const d of this.draft) if (d.preview) URL.revokeObjectURL(d.preview);
  }
}
