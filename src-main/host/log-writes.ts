/**
 * The writing side of the room log. Sends and changes (1.1) of joined members go through one
 * GroupCommit; each stored batch is handed to the fan-out room by room (which broadcasts it here
 * and, with Redis, elsewhere); refusals, re-sends and failures go back to the socket that sent
 * them alone. It also tells, once per outage, when the store stops taking writes and when it is
 * back (the host's `storeUnavailable` / `storeBack` events).
 */
import type { ChangeFrame, ChatMessage, SendFrame } from '../../src-shared/protocol.ts';
import type { FilesService } from '../files/files-service.ts';
import { afterStore, submitWithFiles } from '../files/host-files.ts';
import { StorageFullError, type AppendResult, type HistoryStore } from '../store/store.ts';
import type { Connection } from './connection.ts';
import type { Fanout } from './fanout.ts';
import { GroupCommit, type Pending } from './group-commit.ts';
import { appendRequestOf } from './room-log-actions.ts';

const STORAGE_FULL =
  'This host’s history is full (its size or room limit): the message was not stored; tell the host’s owner.';

/** What the writer needs of its host. */
export interface LogWriterHost {
  readonly store: HistoryStore;
  readonly fanout: Fanout;
  /** Files in rooms, when the host takes them. */
  readonly files: FilesService | undefined;
  log(line: string): void;
  /** Writes started failing (not a full store: that is the owner's limit, not an outage). */
  storeUnavailable(error: unknown): void;
  /** The store works again after {@link LogWriterHost.storeUnavailable}. */
  storeBack(): void;
}

export class LogWriter {
  readonly #host: LogWriterHost;
  readonly #commit: GroupCommit<Connection>;
  #storeDown = false;

  constructor(host: LogWriterHost) {
    this.#host = host;
    this.#commit = new GroupCommit(host.store, {
      stored: (results, batch) => this.#stored(results, batch),
      failed: (error, batch) => this.#failed(error, batch),
    });
  }

  /** A send or change of a joined member: its files are attached first, then it is stored with the tick's others. */
  submit(conn: Connection, frame: SendFrame | ChangeFrame): void {
    const { room, member } = conn;
    if (!room || !member) return;
    const request = appendRequestOf(room.id, conn.clientId, member, frame);
    if (frame.type !== 'send' || !frame.files) return this.#commit.push(request, conn);
    submitWithFiles(
      this.#host.files,
      frame,
      request,
      (r) => this.#commit.push(r, conn),
      (code, why) => conn.fail(code, why, frame.id),
    );
  }

  /** Resolves once everything queued so far is stored (or refused). */
  drain(): Promise<void> {
    return this.#commit.drain();
  }

  /** A store operation succeeded (a write, a history read): if writes were failing, the store is back. */
  storeWorks(): void {
    if (!this.#storeDown) return;
    this.#storeDown = false;
    this.#host.storeBack();
  }

  /** Hands a stored batch to the fan-out, per room. */
  #stored(results: AppendResult[], batch: Pending<Connection>[]): void {
    this.storeWorks();
    const { files, store, fanout } = this.#host;
    if (files) {
      const done = results.map((result, i) => ({ result, request: batch[i]!.request }));
      afterStore(files, store, done).catch((err: unknown) => this.#host.log(`error files ${String(err)}`));
    }
    const perRoom = new Map<string, ChatMessage[]>();
    for (let i = 0; i < results.length; i++) {
      const { message, duplicate, refused } = results[i]!;
      if (refused) {
        batch[i]!.context.fail(refused.code, refused.message, batch[i]!.request.id);
        continue;
      }
      if (duplicate) {
        batch[i]!.context.send(message); // the sender's re-send: acknowledge it again, to it alone
        continue;
      }
      const roomId = batch[i]!.request.room;
      const list = perRoom.get(roomId);
      if (list) list.push(message);
      else perRoom.set(roomId, [message]);
    }
    for (const [roomId, messages] of perRoom) fanout.stored(roomId, messages);
  }

  #failed(error: unknown, batch: Pending<Connection>[]): void {
    const full = error instanceof StorageFullError;
    // The real error (SQLite's), not a wrapper: it says what went wrong on the disk.
    this.#host.log(`error store append failed (${batch.length} sends): ${String(full ? error.cause : error)}`);
    if (!full && !this.#storeDown) {
      this.#storeDown = true;
      this.#host.storeUnavailable(error);
    }
    for (const { context, request } of batch) {
      if (full) context.fail('storage_full', STORAGE_FULL, request.id);
      else context.fail('unavailable', 'The message could not be stored; it will be sent again.', request.id);
    }
  }
}
