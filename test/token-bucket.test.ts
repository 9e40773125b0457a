import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src-main/host/token-bucket.ts';

describe('TokenBucket', () => {
  it('allows the burst, then the sustained rate', () => {
    let now = 0;
    const b = new TokenBucket(20, 40, () => now);
    let taken = 0;
    while (b.take()) taken++;
    expect(taken).toBe(40);
    now += 500; // half a second refills 10
    taken = 0;
    while (b.take()) taken++;
    expect(taken).toBe(10);
    now += 60_000; // never more than the burst
    taken = 0;
    while (b.take() && taken < 1000) taken++;
    expect(taken).toBe(40);
  });

  it('is unlimited at rate 0', () => {
    const b = new TokenBucket(0, 0, () => 0);
    for (let i = 0; i < 1000; i++) expect(b.take()).toBe(true);
  });
});
