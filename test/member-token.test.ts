import { describe, expect, it } from 'vitest';
import { MemberTokens, TOKEN_GRACE_MS } from '../src-main/host/member-token.ts';

const secret = new Uint8Array(32).fill(7);
const alice = 'm-AAAAAAAAAAAAAAAA';

describe('MemberTokens', () => {
  it('is valid while the member has a socket, and 10 minutes after the last one closed', () => {
    let now = 1_000_000;
    const tokens = new MemberTokens(secret, () => now);
    const token = tokens.issue('general', alice);
    tokens.issue('general', alice); // a second window
    now += 3 * TOKEN_GRACE_MS;
    expect(tokens.verify('general', token)).toBe(alice);
    tokens.release('general', alice);
    expect(tokens.verify('general', token)).toBe(alice);
    tokens.release('general', alice);
    now += TOKEN_GRACE_MS - 1000;
    expect(tokens.verify('general', token)).toBe(alice);
    now += 2000;
    expect(tokens.verify('general', token)).toBeUndefined();
  });

  it('is valid 10 minutes after issue on another host of the same secret, and never in another room', () => {
    let now = 5_000_000;
    const token = new MemberTokens(secret, () => now).issue('general', alice);
    const other = new MemberTokens(secret, () => now);
    expect(other.verify('general', token)).toBe(alice);
    expect(other.verify('random', token)).toBeUndefined();
    expect(new MemberTokens(new Uint8Array(32), () => now).verify('general', token)).toBeUndefined();
    now += TOKEN_GRACE_MS + 1000;
    expect(other.verify('general', token)).toBeUndefined();
  });

  it('refuses anything malformed or forged', () => {
    const tokens = new MemberTokens(secret);
    const token = tokens.issue('general', alice);
    const [payload, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(`${Math.floor(Date.now() / 1000)}:m-BBBBBBBBBBBBBBBB`).toString('base64url');
    for (const bad of [
      undefined,
      7,
      '',
      '.',
      payload,
      `${payload}.`,
      `${forged}.${mac}`,
      `${token}.x`,
      'x'.repeat(500),
    ]) {
      expect(tokens.verify('general', bad)).toBeUndefined();
    }
  });
});
