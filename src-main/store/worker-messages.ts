/**
 * What the SQLite store's thread and the host's thread say to each other (sqlite-worker.ts,
 * sqlite-worker-store.ts): calls of {@link HistoryStore} methods by number, their values or
 * errors back in the same order. Errors cross as plain data, because structured clone keeps
 * only an error's message: the host needs SQLite's `errcode` (a full disk), the size limit
 * ({@link StorageFullError}) and the sentences of {@link StoreOpenError}.
 */
import { StoreOpenError } from './open-database.ts';
import type { SqliteStoreOptions } from './sqlite-store.ts';
import { StorageFullError, type HistoryStore } from './store.ts';

/** The store methods the thread runs. */
export type StoreMethod = Exclude<keyof HistoryStore, 'concurrent'>;

/** What the thread is started with (its `workerData`). */
export interface WorkerStart {
  options: SqliteStoreOptions;
  /**
   * Fault injection for tests: the thread exits at that append (1-based, counted per thread),
   * before it or after its commit; only the first thread, or every one with `again`.
   */
  exitAt?: { append: number; when: 'before' | 'after'; again?: boolean };
}

export interface WorkerCall {
  id: number;
  method: StoreMethod;
  args: unknown[];
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'value'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WireError };

/** An error as plain data. */
export interface WireError {
  name: string;
  message: string;
  errcode?: number;
  code?: string;
  cause?: WireError;
  open?: Pick<StoreOpenError, 'reason' | 'file' | 'dataDir' | 'detail'>;
}

/** The error as data that survives postMessage. */
export function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & { errcode?: unknown; code?: unknown };
  const wire: WireError = { name: e.name, message: e.message };
  if (typeof e.errcode === 'number') wire.errcode = e.errcode;
  if (typeof e.code === 'string') wire.code = e.code;
  if (err instanceof StorageFullError) wire.cause = toWire(err.cause);
  if (err instanceof StoreOpenError) {
    wire.open = { reason: err.reason, file: err.file, dataDir: err.dataDir, detail: err.detail };
  }
  return wire;
}

/** The error again, of the class the host tests for. */
export function fromWire(wire: WireError): Error {
  if (wire.open) {
    const { reason, file, dataDir, detail } = wire.open;
    return new StoreOpenError(reason, file, dataDir, detail, undefined);
  }
  if (wire.name === 'StorageFullError') return new StorageFullError(wire.cause && fromWire(wire.cause));
  const err = Object.assign(new Error(wire.message), { name: wire.name });
  if (wire.errcode !== undefined) Object.assign(err, { errcode: wire.errcode });
  if (wire.code !== undefined) Object.assign(err, { code: wire.code });
  return err;
}
