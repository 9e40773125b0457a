/**
 * Desktop pinning without the Electron binary: the decision Chromium's certificate hook gets
 * (cert-decision.ts) with real certificates made by the host's own key code, the thin adapter
 * (cert-pinning.ts) driven as Electron drives it, and the main process's check before the window
 * joins (desktop-pins.ts) against real TLS hosts, an impostor and a plain host.
 */
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { installCertificatePinning } from '../../src-main/electron/cert-pinning.ts';
import { decideCertificate, VERIFY_RESULT, type PinLookup } from '../../src-main/tls/cert-decision.ts';
import { DesktopPins } from '../../src-main/tls/desktop-pins.ts';
import { loadOrCreateHostIdentity, type HostIdentity } from '../../src-main/tls/host-identity.ts';
import type { CertRefusal } from '../../src-shared/host-key-check.ts';
import { startImpostor } from '../helpers/fake-tls-host.ts';
import { cleanupFolders, startHost, tempDataDir, type TestHost } from '../helpers/host.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  cleanupFolders();
});

const identity = () => loadOrCreateHostIdentity(tempDataDir());
const pinsOf = (table: Record<string, string[]>): PinLookup => ({ fingerprintsFor: (h) => table[h] ?? [] });

async function tlsHost(port = 0, dataDir = tempDataDir()): Promise<TestHost> {
  const h = await startHost({ dataDir, port, tls: await loadOrCreateHostIdentity(dataDir) });
  open.push({ close: () => h.stop() });
  return h;
}

describe('the certificate decision (what Chromium is told)', () => {
  it('accepts the pinned key, refuses another, and leaves unpinned names to Chromium', async () => {
    const [real, other] = [await identity(), await identity()];
    const pins = pinsOf({ '192.168.1.20': [real.fingerprint], 'fe80::1': [real.short] });
    expect(decideCertificate('192.168.1.20', real.cert, pins)).toEqual({
      verdict: 'allow',
      fingerprint: real.fingerprint,
    });
    expect(decideCertificate('192.168.1.20', other.cert, pins)).toEqual({
      verdict: 'refuse',
      reason: 'mismatch',
      expected: [real.fingerprint],
      fingerprint: other.fingerprint,
    });
    // The short form from an address pins too; IPv6 as Chromium may write it, brackets and case.
    expect(decideCertificate('[FE80::1]', real.cert, pins)).toMatchObject({ verdict: 'allow' });
    expect(decideCertificate('[fe80::1]', other.cert, pins)).toMatchObject({ verdict: 'refuse' });
    // Any other name: Chromium's own verification (never accepted by us).
    expect(decideCertificate('example.com', other.cert, pins)).toEqual({ verdict: 'chromium' });
    // DER works as PEM does.
    expect(decideCertificate('192.168.1.20', new X509Certificate(real.cert).raw, pins)).toMatchObject({
      verdict: 'allow',
    });
    expect(decideCertificate('192.168.1.20', 'not a certificate', pins)).toMatchObject({
      verdict: 'refuse',
      reason: 'unreadable',
    });
  });

  it('the Electron adapter answers 0, -2 and -3 and reports the refusal', async () => {
    const [real, other] = [await identity(), await identity()];
    let proc: ((request: never, callback: (result: number) => void) => void) | undefined;
    const session = { setCertificateVerifyProc: (p: typeof proc) => void (proc = p) };
    const refused: CertRefusal[] = [];
    installCertificatePinning(session as never, pinsOf({ '10.0.0.5': [real.fingerprint] }), (r) => refused.push(r));
    const ask = (hostname: string, id: HostIdentity) =>
      new Promise<number>((resolve) => proc!({ hostname, certificate: { data: id.cert } } as never, resolve));
    expect(await ask('10.0.0.5', real)).toBe(VERIFY_RESULT.allow);
    expect(await ask('10.0.0.5', other)).toBe(VERIFY_RESULT.refuse);
    expect(await ask('github.com', other)).toBe(VERIFY_RESULT.chromium);
    expect(refused).toEqual([{ host: '10.0.0.5', expected: [real.fingerprint], actual: other.fingerprint }]);
  });
});

describe('the check before the window joins (main process)', () => {
  it('trusts a host on first use, pins it for Chromium, then finds an impostor on the same address', async () => {
    const pins = await DesktopPins.open(tempDataDir());
    const h = await tlsHost();
    const key = h.host.options.tls!;
    expect(pins.fingerprintsFor('127.0.0.1')).toEqual([]);
    expect(await pins.checkAddress(`127.0.0.1:${h.port}/general`)).toEqual({
      state: 'encrypted',
      fingerprint: key.fingerprint,
      firstVisit: true,
    });
    expect(pins.fingerprintsFor('127.0.0.1')).toEqual([key.fingerprint]);
    expect(decideCertificate('127.0.0.1', key.cert, pins)).toMatchObject({ verdict: 'allow' });
    const port = h.port;
    await h.stop();

    const impostor = await startImpostor(port);
    open.push(impostor);
    expect(await pins.checkAddress(`127.0.0.1:${port}/general`)).toEqual({
      state: 'mismatch',
      host: '127.0.0.1',
      port,
      expected: [key.fingerprint],
      actual: impostor.identity.fingerprint,
      source: 'known',
    });
    expect(impostor.received()).toBe(''); // a handshake, and not one byte after it
    expect(pins.fingerprintsFor('127.0.0.1')).toEqual([key.fingerprint]); // the pin stays
    expect(decideCertificate('127.0.0.1', impostor.identity.cert, pins)).toMatchObject({ verdict: 'refuse' });
  });

  it('checks the fingerprint of the address, and remembers the key across runs', async () => {
    const dir = tempDataDir();
    const h = await tlsHost();
    const key = h.host.options.tls!;
    const wrong = await identity();
    const first = await DesktopPins.open(dir);
    expect(await first.checkAddress(`127.0.0.1:${h.port}/general#${wrong.short}`)).toMatchObject({
      state: 'mismatch',
      source: 'address',
      actual: key.fingerprint,
    });
    expect(first.fingerprintsFor('127.0.0.1')).toEqual([]); // nothing pinned from a mismatch
    expect(await first.checkAddress(`127.0.0.1:${h.port}/general#${key.short}`)).toMatchObject({
      state: 'encrypted',
      firstVisit: false,
    });
    const again = await DesktopPins.open(dir);
    expect(again.fingerprintsFor('127.0.0.1')).toEqual([key.fingerprint]);
  });

  it('a plain host is plain unless its key is known; nobody there is unreachable', async () => {
    const pins = await DesktopPins.open(tempDataDir(), 2000);
    const plain = await startHost();
    open.push({ close: () => plain.stop() });
    expect(await pins.checkAddress(`127.0.0.1:${plain.port}/general`)).toEqual({ state: 'plain' });
    const fp = (await identity()).short;
    expect(await pins.checkAddress(`127.0.0.1:${plain.port}/general#${fp}`)).toEqual({
      state: 'plainRefused',
      host: '127.0.0.1',
      port: plain.port,
    });
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    expect(await pins.checkAddress(`127.0.0.1:${free}/general`)).toEqual({ state: 'unreachable' });
  });
});
