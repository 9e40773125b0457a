import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintMatches, normalizeFingerprint, shortFingerprint } from '../../src-shared/fingerprint.ts';
import { HostIdentityError, loadOrCreateHostIdentity } from '../../src-main/tls/host-identity.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lc-tls-id-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** What a TLS client sees of a server with this key: its certificate, over a real handshake. */
async function peerCertificate(key: string, cert: string): Promise<X509Certificate> {
  const server = createServer({ key, cert }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const socket: TLSSocket = await new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(s));
      s.once('error', reject);
    });
    const peer = socket.getPeerX509Certificate()!;
    socket.destroy();
    return peer;
  } finally {
    server.close();
  }
}

describe('host identity', () => {
  it('is made on first start in owner-only files, and its fingerprint is the SHA-256 of the SPKI a client sees', async () => {
    const id = await loadOrCreateHostIdentity(dir);
    expect(id.origin).toBe('created');
    expect((await stat(id.file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'tls'))).mode & 0o777).toBe(0o700);
    const peer = await peerCertificate(id.key, id.cert);
    const spki = peer.publicKey.export({ type: 'spki', format: 'der' });
    expect(id.fingerprint).toBe(createHash('sha256').update(spki).digest('hex').toUpperCase());
    expect(id.spkiBase64).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(id.short).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(id.fingerprint.startsWith(id.short.replaceAll('-', ''))).toBe(true);
    expect(peer.publicKey.asymmetricKeyType).toBe('ec');
    expect(peer.verify(peer.publicKey) && peer.issuer === peer.subject).toBe(true); // self-signed
  });

  it('is kept across restarts, and a new key is made only when asked (the old one kept aside)', async () => {
    const first = await loadOrCreateHostIdentity(dir);
    const again = await loadOrCreateHostIdentity(dir);
    expect(again.origin).toBe('loaded');
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.key).toBe(first.key);
    const rotated = await loadOrCreateHostIdentity(dir, { rotate: true });
    expect(rotated.origin).toBe('rotated');
    expect(rotated.fingerprint).not.toBe(first.fingerprint);
    const files = await readdir(join(dir, 'tls'));
    const retired = files.find((f) => f.startsWith('host-key.retired-'));
    expect(retired).toBeDefined();
    expect(await readFile(join(dir, 'tls', retired!), 'utf8')).toContain(first.key);
    expect((await loadOrCreateHostIdentity(dir)).fingerprint).toBe(rotated.fingerprint);
  });

  it('two processes starting at once end up with one key', async () => {
    const [a, b] = await Promise.all([loadOrCreateHostIdentity(dir), loadOrCreateHostIdentity(dir)]);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect((await readdir(join(dir, 'tls'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a damaged key file stops the start with a sentence and is left as it was', async () => {
    const id = await loadOrCreateHostIdentity(dir);
    const broken = '-----BEGIN PRIVATE KEY-----\nAAAAnotakey\n-----END PRIVATE KEY-----\n';
    await writeFile(id.file, broken + id.cert);
    const err = await loadOrCreateHostIdentity(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostIdentityError);
    expect((err as Error).message).toMatch(/--new-key/);
    expect(await readFile(id.file, 'utf8')).toBe(broken + id.cert);
  });

  it('a certificate near its end, or missing, is re-issued with the same key: the fingerprint stays', async () => {
    const id = await loadOrCreateHostIdentity(dir);
    const later = new Date(Date.now() + 3640 * 86_400_000);
    const renewed = await loadOrCreateHostIdentity(dir, { now: () => later });
    expect(renewed.fingerprint).toBe(id.fingerprint);
    expect(renewed.cert).not.toBe(id.cert);
    expect(new X509Certificate(renewed.cert).validToDate.getTime()).toBeGreaterThan(later.getTime());
    await writeFile(id.file, id.key);
    const reissued = await loadOrCreateHostIdentity(dir);
    expect(reissued.fingerprint).toBe(id.fingerprint);
    expect(await readFile(id.file, 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});

describe('fingerprint forms', () => {
  const full = 'A'.repeat(4) + '91C20B5DE844' + 'F'.repeat(48);
  it('reads the short and full forms, with or without separators', () => {
    expect(normalizeFingerprint('aaaa-91c2-0b5d-e844')).toBe('AAAA91C20B5DE844');
    expect(normalizeFingerprint('AAAA91C20B5DE844')).toBe('AAAA91C20B5DE844');
    expect(normalizeFingerprint(full.match(/../g)!.join(':'))).toBe(full);
    expect(normalizeFingerprint('AAAA-91C2-0B5D')).toBeUndefined();
    expect(normalizeFingerprint('ZZZZ-91C2-0B5D-E844')).toBeUndefined();
    expect(shortFingerprint(full)).toBe('AAAA-91C2-0B5D-E844');
  });
  it('matches a short pin by prefix and a full pin exactly', () => {
    expect(fingerprintMatches('AAAA-91C2-0B5D-E844', full)).toBe(true);
    expect(fingerprintMatches('AAAA-91C2-0B5D-E845', full)).toBe(false);
    expect(fingerprintMatches(full, full)).toBe(true);
    expect(fingerprintMatches(full.slice(0, 63) + '0', full)).toBe(false);
    expect(fingerprintMatches('AAAA-91C2-0B5D-E844', 'AAAA91C20B5DE844')).toBe(false); // the host's must be full
  });
});
