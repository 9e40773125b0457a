import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src-main/platform/token-bucket.ts';

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

  it('takes many tokens at once, says how long until they are there, and knows when it is full', () => {
    let now = 0;
    const b = new TokenBucket(100, 1000, () => now); // bytes: 100 a second, 1000 saved
    expect(b.full).toBe(true);
    expect(b.take(800)).toBe(true);
    expect(b.take(300)).toBe(false); // 200 left: nothing is taken
    expect(b.secondsUntil(300)).toBe(1);
    expect(b.secondsUntil(5000)).toBe(8); // at most a full bucket is waited for
    now += 1000;
    expect(b.take(300)).toBe(true);
    expect(b.full).toBe(false);
    now += 10_000;
    expect(b.full).toBe(true);
    expect(b.secondsUntil(1000)).toBe(0);
  });
});
