/**
 * `node bench/storm.ts [clients=1000] [rounds=3] [variants=default]`: the reconnect storm alone,
 * repeated, alternating between host variants so that they are compared within one run on the
 * same (possibly busy) machine. A variant is a comma-separated `NAME=VALUE` list of environment
 * settings for the host process (e.g. `BENCH_WELCOME_CACHE=0`), or `default`; several variants are
 * separated by `/`. Prints one line per storm and the median per variant.
 */
import { loadavg } from 'node:os';
import { startWorkers, storm } from './scenarios.ts';

const [clientsArg = '1000', roundsArg = '3', variantsArg = 'default'] = process.argv.slice(2);
const variants = variantsArg.split('/');
const results = new Map<string, { ms: number[]; cpu: number[] }>(variants.map((v) => [v, { ms: [], cpu: [] }]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const workers = startWorkers(4);
try {
  for (let round = 0; round < Number(roundsArg); round++) {
    for (const variant of variants) {
      const env = variant === 'default' ? [] : variant.split(',').map((kv) => kv.split('=') as [string, string]);
      for (const [k, v] of env) process.env[k] = v;
      const s = await storm(workers, Number(clientsArg));
      for (const [k] of env) delete process.env[k];
      const ok = s.gaps + s.duplicates + s.behind === 0;
      results.get(variant)!.ms.push(s.caughtUpMs);
      results.get(variant)!.cpu.push(s.hostCpuMs);
      console.log(
        `${variant}: ${s.clients} clients caught up in ${s.caughtUpMs.toFixed(0)} ms, host CPU ${s.hostCpuMs.toFixed(0)} ms, ` +
          `${ok ? 'exact' : `gaps ${s.gaps} duplicates ${s.duplicates} behind ${s.behind}`} (load ${loadavg()[0]!.toFixed(2)})`,
      );
    }
  }
} finally {
  await Promise.all(workers.map((w) => w.exit()));
}
for (const [v, r] of results)
  console.log(`median ${v}: ${median(r.ms).toFixed(0)} ms caught up, host CPU ${median(r.cpu).toFixed(0)} ms`);
