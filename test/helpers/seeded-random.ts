/**
 * A small deterministic random source (MINSTD), so that a randomized test's failure can be
 * replayed from its seed: `random(seed)(n)` gives integers in [0, n).
 */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 48271) % 2147483647;
    return Math.floor((s / 2147483647) * n);
  };
}
