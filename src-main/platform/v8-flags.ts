/**
 * V8 flags the host process runs with (package.json's `host` and `start` scripts pass them; the
 * benchmark starts its host with them too, so it measures what ships).
 *
 * Why: a room filling up allocates briefly but a lot (each welcome lists every member; each join
 * is announced to everyone), and V8 then grows its young generation to 16 MiB semi-spaces and
 * keeps them. Capped at 2 MiB, an idle member socket costs ~7 KiB of RSS instead of 16–36 KiB,
 * with no measurable loss of throughput (docs/performance.md).
 */
export const HOST_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
