/**
 * Per-address limits on file uploads (tus, src-main/files/): how many upload requests one machine
 * may have in progress at once, and how many bytes it may start uploading per hour. The disk's
 * free-space floor (507) protects the host as a whole; these keep one machine from taking all of
 * it, or every upload slot, from the others. Each refusal is a 429 with a code and a sentence.
 */
import { TokenBucket } from '../../platform/token-bucket.ts';
import { AddressTable } from './address-table.ts';

export interface UploadLimitOptions {
  /** Upload requests (creations and PATCHes) one address may have in progress at once (default 8). */
  uploadsPerAddress: number;
  /** Bytes of new uploads (their `Upload-Length`) one address may start per hour (default 4 GiB). */
  uploadBytesPerHour: number;
}

/** Why an upload request was refused (HTTP 429): a code (`Lanchat-Refusal`), a sentence, a wait. */
export interface UploadRefusal {
  code: 'too_many_uploads' | 'upload_quota';
  message: string;
  retryAfterS: number;
}

/** Each new upload costs at least this (its record on disk): empty uploads are not free either. */
const MIN_UPLOAD_COST = 64 * 1024;
const HOUR_S = 3600;

interface Entry {
  inFlight: number;
  /** Bytes, refilled at `uploadBytesPerHour` an hour: a whole hour's worth may be used at once. */
  bytes: TokenBucket;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const size = (n: number) => (n >= GiB ? `${(n / GiB).toFixed(n % GiB ? 1 : 0)} GiB` : `${Math.round(n / MiB)} MiB`);

export class UploadLimits extends AddressTable<Entry> {
  readonly #o: UploadLimitOptions;

  /**
   * @param exempt addresses no limit applies to (the host's own machine, see docs/security.md)
   * @param now the clock, injectable for tests
   */
  constructor(options: UploadLimitOptions, exempt: (address: string) => boolean, now: () => number = Date.now) {
    super(exempt, now);
    this.#o = options;
  }

  /**
   * An upload request from `address` begins: the creation of an upload of `newBytes` bytes, or
   * (`newBytes` undefined) a PATCH, whose bytes were counted when its upload was created.
   * @returns the function to call when the request ends, or the refusal to answer with
   */
  begin(address: string, newBytes: number | undefined): (() => void) | UploadRefusal {
    if (this.exempt(address)) return () => {};
    const e = this.entry(address);
    if (e.inFlight >= this.#o.uploadsPerAddress) {
      return {
        code: 'too_many_uploads',
        message: `This computer is already sending ${this.#o.uploadsPerAddress} uploads to this host, its limit: the others wait their turn.`,
        retryAfterS: 1,
      };
    }
    const cost = newBytes === undefined ? 0 : Math.max(newBytes, MIN_UPLOAD_COST);
    const wait = e.bytes.take(cost) ? 0 : e.bytes.secondsUntil(cost);
    if (wait > 0) {
      return {
        code: 'upload_quota',
        message: `This computer has sent ${size(this.#o.uploadBytesPerHour)} of files to this host in the last hour, its limit: try again in ${Math.ceil(wait / 60)} min.`,
        retryAfterS: wait,
      };
    }
    e.inFlight++;
    let ended = false;
    return () => {
      if (!ended) e.inFlight--;
      ended = true;
    };
  }

  /** Idle: nothing in progress and a full byte budget. */
  protected idle(e: Entry): boolean {
    return e.inFlight === 0 && e.bytes.full;
  }

  protected fresh(): Entry {
    const perHour = this.#o.uploadBytesPerHour;
    return { inFlight: 0, bytes: new TokenBucket(perHour / HOUR_S, perHour, this.now) };
  }
}
