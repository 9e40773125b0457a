/**
 * `npm run bench [-- --quick | --soak]`: the LAN Chat host (durable history on) side by side with a bare
 * `ws` relay and a Socket.IO room broadcast, on loopback, with load from separate processes.
 * Prints a table of ratios, writes bench/results/<date>.json and .svg, and exits non-zero when
 * the reconnect storm shows a gap or a duplicate or a scenario breaks. Ratios measured in one run
 * are what we claim; absolute figures depend on the machine and on what else runs on it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { meets, ratio, svg, table, type Row } from './report.ts';
import {
  latency,
  memory,
  saturation,
  startWorkers,
  storm,
  BUN_PATH,
  type Contender,
  type Latency,
  type Memory,
  type Storm,
} from './scenarios.ts';

// `--soak`: the long run with reconnect churn (bench/soak.ts), on its own; it exits when done.
if (process.argv.includes('--soak')) await import('./soak.ts');

if (process.argv.includes('--files')) {
  await import('./files.ts'); // the files benchmark (bench/files.ts) runs alone
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const started = Date.now();
const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
const require = createRequire(import.meta.url);
const hasSocketIo = (() => {
  try {
    require.resolve('socket.io');
    require.resolve('socket.io-client');
    return true;
  } catch {
    return false;
  }
})();
const version = (pkg: string) =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

const plan = quick
  ? { warm: 200, measure: 500, sat: [100], lat: [[100, [1000]]], mem: [500], storm: 300, normal: [] as string[] }
  : {
      warm: 500,
      measure: 1500,
      sat: [10, 100, 1000],
      lat: [
        [100, [100, 1000]],
        [1000, [10, 100]],
      ],
      mem: [1000, 5000],
      storm: 1000,
      normal: ['sat100', 'lat100'],
    };

const workers = startWorkers(4);
const rows: Row[] = [];
const errors: string[] = [];
const log = (s: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${s}`);

/** Runs `fn` for each contender of a scenario; a failure is recorded and the run goes on. */
async function each<T>(
  name: string,
  contenders: Contender[],
  fn: (c: Contender) => Promise<T>,
): Promise<Partial<Record<Contender, T>>> {
  const out: Partial<Record<Contender, T>> = {};
  for (const c of contenders) {
    try {
      out[c] = await fn(c);
      log(`${name} ${c}: ${JSON.stringify(out[c])}`);
    } catch (err) {
      errors.push(`${name} ${c}: ${(err as Error).message}`);
      log(`${name} ${c} FAILED: ${(err as Error).message}`);
    }
  }
  return out;
}

const contenders = (key: string, sio = true): Contender[] => [
  'bare',
  ...(BUN_PATH ? (['bun'] as const) : []),
  'host',
  ...(plan.normal.includes(key) ? (['host-normal'] as const) : []),
  ...(sio && hasSocketIo ? (['sio'] as const) : []),
];

function row(
  scenario: string,
  metric: string,
  unit: string,
  better: Row['better'],
  values: Partial<Record<Contender, number | undefined>>,
  target?: number,
  bunTarget?: number,
): void {
  if (values.bare === undefined || values.host === undefined) return;
  rows.push({
    scenario,
    metric,
    unit,
    better,
    bare: values.bare,
    host: values.host,
    bun: values.bun,
    sio: values.sio,
    hostNormal: values['host-normal'],
    target,
    bunTarget: values.bun === undefined ? undefined : bunTarget,
  });
}

const pick = <T, K extends keyof T>(r: Partial<Record<Contender, T>>, k: K) =>
  Object.fromEntries(Object.entries(r).map(([c, v]) => [c, (v as T)[k]])) as Partial<Record<Contender, T[K]>>;

let stormResult: Storm | undefined;
try {
  for (const n of plan.sat) {
    const r = await each(`saturation ${n}`, contenders(`sat${n}`), (c) =>
      saturation(workers, c, n, plan.warm, plan.measure),
    );
    const big = n >= 100 ? 1.0 : undefined;
    row(`fan-out ${n}`, 'deliveries/s', '1/s', 'higher', pick(r, 'deliveriesPerSec'), big, big);
    row(`fan-out ${n}`, 'host CPU/delivery', 'µs', 'lower', pick(r, 'cpuMicrosPerDelivery'), undefined, big);
    row(`fan-out ${n}`, 'RSS under load', 'MiB', 'lower', pick(r, 'rssMiB'), undefined, n >= 1000 ? 2.0 : undefined);
  }
  for (const [members, rates] of plan.lat as [number, number[]][]) {
    const r = await each(`latency ${members}@${rates.join(',')}/s`, contenders(`lat${members}`, !quick), (c) =>
      latency(workers, c, members, rates, plan.warm, plan.measure),
    );
    rates.forEach((rate, i) => {
      const at = Object.fromEntries(Object.entries(r).map(([c, list]) => [c, list[i]!])) as Partial<
        Record<Contender, Latency>
      >;
      for (const q of ['p50', 'p99', 'max'] as const) {
        const target = q === 'p99' && members === 100 && rate === 1000 ? 1.5 : undefined;
        row(`latency ${members} × ${rate}/s`, q, 'ms', 'lower', pick(at, q), target, target && 1.0);
      }
    });
  }
  const m = await each(`memory ${plan.mem.join(',')}`, contenders('mem', !quick), (c) => memory(workers, c, plan.mem));
  plan.mem.forEach((n, i) => {
    const at = Object.fromEntries(Object.entries(m).map(([c, list]) => [c, list[i]!])) as Partial<
      Record<Contender, Memory>
    >;
    row(`idle ${n}`, 'RSS/socket', 'KiB', 'lower', pick(at, 'kibPerSocket'));
  });
  const s = await each(`storm ${plan.storm}`, ['host'], () => storm(workers, plan.storm));
  stormResult = s.host;
} finally {
  await Promise.all(workers.map((w) => w.exit()));
}

const machine = {
  cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  kernel: release(),
  /** Other work on the machine skews absolute figures (ratios less so): the 1-minute load at start and end. */
  load: [loadAtStart, Math.round(loadavg()[0]! * 100) / 100],
  node: process.version,
  ws: version('ws'),
  socketIo: hasSocketIo ? version('socket.io') : 'not installed',
  bun: BUN_PATH ? version('bun') : 'not installed',
};
const checks = [
  ...rows
    .filter((r) => r.target !== undefined)
    .map((r) => ({
      what: `${r.scenario} ${r.metric}: host ÷ bare ${ratio(r).toFixed(2)}× (target ${r.better === 'higher' ? '≥' : '≤'} ${r.target}×)`,
      ok: meets(r),
    })),
  ...rows
    .filter((r) => r.bunTarget !== undefined)
    .map((r) => ({
      what: `${r.scenario} ${r.metric}: host ÷ Bun ${ratio(r, r.host, r.bun).toFixed(2)}× (target ${r.better === 'higher' ? '≥' : '≤'} ${r.bunTarget}×)`,
      ok: meets(r, 'bun'),
    })),
  ...rows
    .filter((r) => r.metric === 'RSS/socket')
    .map((r) => ({ what: `${r.scenario}: ${r.host.toFixed(1)} KiB per socket (target ≤ 12)`, ok: r.host <= 12 })),
  ...(stormResult
    ? [
        {
          what: `reconnect storm: ${stormResult.clients} clients caught up in ${stormResult.caughtUpMs.toFixed(0)} ms (target ≤ 5000)`,
          ok: stormResult.caughtUpMs <= 5000,
        },
      ]
    : []),
];

console.log(
  `\nLAN Chat benchmark${quick ? ' (quick)' : ''} — ${machine.cpu}, node ${machine.node}, ws ${machine.ws}, load ${machine.load.join(' → ')}\n`,
);
console.log(table(rows));
if (stormResult) {
  const s = stormResult;
  console.log(
    `\nreconnect storm: ${s.clients} clients caught up in ${s.caughtUpMs.toFixed(0)} ms; gaps ${s.gaps}, duplicates ${s.duplicates}, behind ${s.behind}`,
  );
}
console.log('\ntargets:');
for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'MISS'} ${c.what}`);

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const name = `${quick ? 'quick-' : ''}${stamp}`;
writeFileSync(
  `${dir}${name}.json`,
  JSON.stringify(
    { date: new Date().toISOString(), quick, machine, rows, storm: stormResult, checks, errors },
    null,
    2,
  ) + '\n',
);
const chartRows = rows.filter((r) => r.metric !== 'max' && r.metric !== 'p50');
writeFileSync(`${dir}${name}.svg`, svg(chartRows, `LAN Chat host vs bare ws relay — ${machine.cpu}`));
console.log(`\nwrote bench/results/${name}.json and .svg in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const broken = [...errors];
if (!stormResult) broken.push('reconnect storm did not run');
else if (stormResult.gaps + stormResult.duplicates + stormResult.behind > 0)
  broken.push('reconnect storm: gaps, duplicates or clients left behind');
if (broken.length > 0) {
  console.error(`\nFAILED:\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
