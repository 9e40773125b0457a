import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src-shared/client/backoff.ts';

/** A Backoff with a fixed random value and a clock the test moves. */
function make(random: number, extra: Partial<ConstructorParameters<typeof Backoff>[0]> = {}) {
  let now = 0;
  const b = new Backoff({ random: () => random, now: () => now, ...extra });
  return { b, advance: (ms: number) => (now += ms) };
}

describe('Backoff', () => {
  it('retries first within 1 s, then grows exponentially to the 30 s cap', () => {
    const { b } = make(0); // no jitter drawn: the upper bound itself
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => b.next())).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(b.attempt).toBe(8);
  });

  it('draws each delay from [bound · (1 − jitter), bound]', () => {
    const low = make(0.999999).b;
    expect(low.next()).toBe(500);
    expect(low.next()).toBe(1000);
    const full = make(0.999999, { jitter: 1 }).b;
    expect(full.next()).toBe(0);
  });

  it('spreads delays with real randomness', () => {
    const delays = Array.from({ length: 200 }, () => new Backoff().next());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('starts over after 10 s of healthy connection, not before', () => {
    const { b, advance } = make(0);
    b.next();
    b.next();
    b.healthy();
    advance(9_999);
    expect(b.next()).toBe(4000); // the link died too soon: keep growing
    b.healthy();
    advance(10_000);
    expect(b.next()).toBe(1000);
    expect(b.attempt).toBe(1);
  });

  it('reset() starts over at once', () => {
    const { b } = make(0);
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(1000);
  });

  it('refuses options that make no sense', () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => new Backoff({ jitter: 2 })).toThrow(RangeError);
    expect(() => new Backoff({ factor: 0.5 })).toThrow(RangeError);
  });
});
