/**
 * `npm run bench:tls [-- --quick]`: what encryption in transit costs the host. The same host,
 * durable history on, once with plain WebSockets and once with every client on TLS (wss), in one
 * run on one machine: fan-out saturation (deliveries per second, host CPU per delivery) and
 * end-to-end latency at fixed rates. Prints tls ÷ plain and writes bench/results/tls-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { latency, saturation, startWorkers, type Contender, type Latency, type Saturation } from './scenarios.ts';

const quick = process.argv.includes('--quick');
const plan = quick
  ? { warm: 200, measure: 500, sat: [100], lat: [100], rates: [1000] }
  : { warm: 500, measure: 1500, sat: [100, 1000], lat: [100], rates: [100, 1000] };
const sides: Contender[] = ['host', 'host-tls'];
const load = [Math.round(loadavg()[0]! * 100) / 100];
const workers = startWorkers(4);

interface Row {
  scenario: string;
  metric: string;
  plain: number;
  tls: number;
}
const rows: Row[] = [];
const add = (scenario: string, metric: string, [plain, tls]: number[]) =>
  rows.push({ scenario, metric, plain: plain!, tls: tls! });

try {
  for (const n of plan.sat) {
    const r: Saturation[] = [];
    for (const c of sides) r.push(await saturation(workers, c, n, plan.warm, plan.measure));
    add(
      `fan-out ${n}`,
      'deliveries/s',
      r.map((x) => x.deliveriesPerSec),
    );
    add(
      `fan-out ${n}`,
      'host CPU µs/delivery',
      r.map((x) => x.cpuMicrosPerDelivery),
    );
    console.error(`saturation ${n}: ${JSON.stringify(r)}`);
  }
  for (const members of plan.lat) {
    const r: Latency[][] = [];
    for (const c of sides) r.push(await latency(workers, c, members, plan.rates, plan.warm, plan.measure));
    plan.rates.forEach((rate, i) => {
      for (const q of ['p50', 'p99'] as const)
        add(
          `latency ${members} × ${rate}/s`,
          `${q} ms`,
          r.map((x) => x[i]![q]),
        );
    });
    console.error(`latency ${members}: ${JSON.stringify(r)}`);
  }
} finally {
  await Promise.all(workers.map((w) => w.exit()));
}
load.push(Math.round(loadavg()[0]! * 100) / 100);

const fmt = (v: number) => (v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const lines = [
  ['scenario', 'metric', 'plain', 'tls', 'tls÷plain'],
  ...rows.map((r) => [r.scenario, r.metric, fmt(r.plain), fmt(r.tls), `${(r.tls / r.plain).toFixed(2)}×`]),
];
const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
console.log(
  `\nTLS cost${quick ? ' (quick)' : ''}: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load ${load.join(' → ')}\n`,
);
for (const l of lines) console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}tls-${quick ? 'quick-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), quick, cpu: cpus()[0]?.model, cores: cpus().length, load, rows }, null, 2)}\n`,
);
console.log(`\nwrote ${file}`);
