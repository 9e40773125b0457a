/**
 * The host's TLS identity: an ECDSA P-256 key and a self-signed certificate, made on first start
 * and kept in the data folder (`tls/host-key.pem`, owner-only), so the fingerprint people pin
 * stays the same across restarts. A LAN has no certificate authority: clients trust the key by
 * its fingerprint (docs/security.md), so the certificate's names and dates matter little, and a
 * certificate near its end is re-issued with the same key (same fingerprint).
 *
 * Changing the key is always deliberate (`rotate`, i.e. `npm run host -- --new-key`): an
 * unreadable key file stops the host with a sentence rather than being replaced silently, which
 * would make every client that pinned it refuse the host.
 */
import { createPrivateKey, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { generate as Generate } from 'selfsigned';
import { shortFingerprint } from '../../src-shared/fingerprint.ts';
import { certFingerprint, certSpkiBase64 } from './fingerprint.ts';

/** The folder under the data folder that holds the key. */
export const TLS_DIR = 'tls';
/** The one file with the private key and its certificate (written together, so they always match). */
export const KEY_FILE = 'host-key.pem';

const DAY_MS = 86_400_000;
/** A new certificate is valid this long (it names a key people pinned; its dates are not trusted). */
const VALID_DAYS = 3650;
/** A certificate with less than this left is re-issued, with the same key, when the host starts. */
const RENEW_DAYS = 30;

export interface HostIdentity {
  /** The private key, PEM (PKCS#8). Never logged. */
  readonly key: string;
  /** The self-signed certificate, PEM. */
  readonly cert: string;
  /** SHA-256 of the SubjectPublicKeyInfo: 64 upper-case hex digits (`/api/info`, discovery). */
  readonly fingerprint: string;
  /** The first 16 digits in groups of four, for people and addresses: `7F3A-91C2-0B5D-E844`. */
  readonly short: string;
  /** The same digest in base64 (Chromium's `--ignore-certificate-errors-spki-list`). */
  readonly spkiBase64: string;
  /** Where it is kept. */
  readonly file: string;
  /** What this start did: read the key, made the first one, or replaced the old one (`rotate`). */
  readonly origin: 'loaded' | 'created' | 'rotated';
}

export interface IdentityOptions {
  /** Make a new key even though one exists (the old file is kept beside it, renamed). */
  rotate?: boolean;
  /** The clock (tests). */
  now?: () => Date;
}

/** Thrown when the key file exists but cannot be used; its message says what to do. */
export class HostIdentityError extends Error {
  readonly code = 'EHOSTKEY';
}

/**
 * Reads the host's key from `<dataDir>/tls/host-key.pem`, or makes it on first start.
 * @throws HostIdentityError when the file exists but is damaged (never replaced without `rotate`)
 */
export async function loadOrCreateHostIdentity(dataDir: string, options: IdentityOptions = {}): Promise<HostIdentity> {
  const now = options.now ?? (() => new Date());
  const dir = join(dataDir, TLS_DIR);
  const file = join(dir, KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const existing = await readPem(file);
  if (existing !== undefined && options.rotate) {
    await rename(file, join(dir, `host-key.retired-${now().toISOString().replace(/[:.]/g, '-')}.pem`));
  } else if (existing !== undefined) {
    const pair = parsePair(existing, file);
    await chmod(file, 0o600); // a copy restored from a backup may have come back world-readable
    const left = pair.cert ? pair.cert.validToDate.getTime() - now().getTime() : 0;
    if (pair.cert && left > RENEW_DAYS * DAY_MS) return identity(pair.key, pair.cert.toString(), file, 'loaded');
    // The certificate only wraps the key: a new one (same key) keeps the fingerprint.
    const cert = await issue(now(), pair.key);
    await writeReplacing(file, pair.key + cert);
    return identity(pair.key, cert, file, 'loaded');
  }
  const made = await create(now());
  if (!(await writeExclusive(file, made.key + made.cert))) {
    // Another process (the desktop app and `npm run host` on one folder) made it first: use theirs.
    return loadOrCreateHostIdentity(dataDir, { now });
  }
  return identity(made.key, made.cert, file, existing !== undefined ? 'rotated' : 'created');
}

function identity(key: string, cert: string, file: string, origin: HostIdentity['origin']): HostIdentity {
  const fingerprint = certFingerprint(cert);
  return {
    key,
    cert,
    fingerprint,
    short: shortFingerprint(fingerprint),
    spkiBase64: certSpkiBase64(cert),
    file,
    origin,
  };
}

async function readPem(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const KEY_BLOCK = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\r?\n?/;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\r?\n?/;

/** The key of the file and its certificate (undefined when missing or unreadable: re-issued). */
function parsePair(text: string, file: string): { key: string; cert?: X509Certificate } {
  const damaged = (why: string) =>
    new HostIdentityError(
      `The host key in ${file} cannot be used (${why}). Restore it from a backup, or start the host with --new-key to make a new one: everyone who joined before will then be warned that the host's key changed.`,
    );
  const key = KEY_BLOCK.exec(text)?.[0];
  if (!key) throw damaged('there is no private key in it');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw damaged('the private key is unreadable');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(CERT_BLOCK.exec(text)?.[0] ?? '');
  } catch {
    return { key };
  }
  if (!cert.checkPrivateKey(privateKey)) throw damaged('its certificate belongs to another key');
  return { key, cert };
}

/**
 * selfsigned's certificate maker, loaded when a certificate is made (the first start, a renewal):
 * it brings a whole X.509 library that a host reading its existing identity never uses, ~12 MiB
 * of RSS for the host's whole life otherwise (docs/performance.md).
 */
async function generate(...args: Parameters<typeof Generate>): ReturnType<typeof Generate> {
  return (await import('selfsigned')).generate(...args);
}

/** A new key pair and its certificate. */
async function create(now: Date): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'LAN Chat host' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ...validity(now),
    extensions: EXTENSIONS,
  });
  return { key: normalizeKey(pems.private), cert: pems.cert };
}

/** A new certificate for an existing key. */
async function issue(now: Date, key: string): Promise<string> {
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const pems = await generate([{ name: 'commonName', value: 'LAN Chat host' }], {
    keyPair: { privateKey: key, publicKey },
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ...validity(now),
    extensions: EXTENSIONS,
  });
  return pems.cert;
}

const EXTENSIONS: NonNullable<Parameters<typeof Generate>[1]>['extensions'] = [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true },
  { name: 'extKeyUsage', serverAuth: true },
];

// A day of slack before now: a client whose clock is a little behind still accepts it.
const validity = (now: Date) => ({
  notBeforeDate: new Date(now.getTime() - DAY_MS),
  notAfterDate: new Date(now.getTime() + VALID_DAYS * DAY_MS),
});

/** PKCS#8 PEM with \n line ends, whatever the generator wrote. */
function normalizeKey(pem: string): string {
  return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Writes a new file only if none exists (so two processes never serve two keys). @returns whether it did */
async function writeExclusive(file: string, data: string): Promise<boolean> {
  const tmp = await writeTemp(file, data);
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Replaces the file atomically (a renewed certificate for the same key). */
async function writeReplacing(file: string, data: string): Promise<void> {
  const tmp = await writeTemp(file, data);
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** An owner-only temporary file beside `file`, written and synced. */
async function writeTemp(file: string, data: string): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}
