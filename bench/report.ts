/**
 * The benchmark's outputs: rows of "ours vs the bare relay" with their ratio, a text table for
 * the terminal, and an SVG bar chart of the ratios (what docs/performance.md shows).
 */

/** One measured figure for every contender, and which way is better. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  /** `higher` for throughput, `lower` for latency, CPU and memory. */
  better: 'higher' | 'lower';
  bare: number;
  host: number;
  /** Bun's native pub/sub relay, when Bun is installed. */
  bun?: number;
  sio?: number;
  hostNormal?: number;
  /** The bar set for host ÷ bare, if any. */
  target?: number;
  /** The bar set for host ÷ Bun, if any. */
  bunTarget?: number;
}

/** `value` ÷ `base`: by default host ÷ bare. */
export const ratio = (row: Row, value = row.host, base: number | undefined = row.bare) =>
  base === undefined ? NaN : value / base;

const fmt = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '—' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);

/** Whether a row meets its target against the bare relay or against Bun (true when it has none). */
export function meets(row: Row, against: 'bare' | 'bun' = 'bare'): boolean {
  const target = against === 'bare' ? row.target : row.bunTarget;
  if (target === undefined) return true;
  const r = ratio(row, row.host, against === 'bare' ? row.bare : row.bun);
  return row.better === 'higher' ? r >= target : r <= target;
}

const mark = (row: Row, against: 'bare' | 'bun') => {
  const target = against === 'bare' ? row.target : row.bunTarget;
  return target === undefined
    ? ''
    : `${row.better === 'higher' ? '≥' : '≤'}${target}× ${meets(row, against) ? 'ok' : 'MISS'}`;
};
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');

/** A fixed-width text table. */
export function table(rows: Row[]): string {
  const head = [
    'scenario',
    'metric',
    'bare ws',
    'host',
    'host÷bare',
    'target',
    'bun',
    'host÷bun',
    'target',
    'host(normal)',
    'socket.io',
    'sio÷bare',
  ];
  const body = rows.map((r) => [
    r.scenario,
    `${r.metric} (${r.unit})`,
    fmt(r.bare),
    fmt(r.host),
    times(ratio(r)),
    mark(r, 'bare'),
    fmt(r.bun),
    times(ratio(r, r.host, r.bun)),
    mark(r, 'bun'),
    fmt(r.hostNormal),
    fmt(r.sio),
    r.sio === undefined ? '—' : times(ratio(r, r.sio)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Horizontal bars of host ÷ bare (and Socket.IO ÷ bare) per row, on a log scale centred on 1×,
 * with each row's target marked. The label says which side is better for that row.
 */
export function svg(rows: Row[], caption: string): string {
  const rowH = 34;
  const left = 330;
  const plotW = 420;
  const top = 50;
  const height = top + rows.length * rowH + 40;
  const min = 0.1;
  const max = 10;
  const x = (v: number) =>
    left +
    ((Math.log10(Math.min(max, Math.max(min, v))) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * plotW;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotW + 30}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(caption)}</text>`,
    `<text x="10" y="38" fill="#555">ratio to a bare ws relay (log scale); blue: LAN Chat host (durable history), orange: Bun pub/sub, grey: Socket.IO; | target</text>`,
  );
  for (const v of [0.1, 0.25, 0.5, 1, 2, 4, 10]) {
    parts.push(
      `<line x1="${x(v)}" y1="${top - 4}" x2="${x(v)}" y2="${height - 34}" stroke="${v === 1 ? '#000' : '#ddd'}"/>`,
      `<text x="${x(v)}" y="${height - 20}" text-anchor="middle" fill="#555">${v}×</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = `${r.scenario}: ${r.metric} (${r.better} is better)`;
    parts.push(`<text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(label)}</text>`);
    const bar = (v: number, dy: number, fill: string) => {
      const a = x(1);
      const b = x(v);
      parts.push(
        `<rect x="${Math.min(a, b)}" y="${y + dy}" width="${Math.max(1, Math.abs(b - a))}" height="9" fill="${fill}"/>`,
        `<text x="${b + (b >= a ? 4 : -4)}" y="${y + dy + 10}" text-anchor="${b >= a ? 'start' : 'end'}" font-size="10">${v.toFixed(2)}×</text>`,
      );
    };
    bar(ratio(r), 2, '#2b6cb0');
    if (r.bun !== undefined) bar(ratio(r, r.bun), 12, '#dd6b20');
    if (r.sio !== undefined) bar(ratio(r, r.sio), 22, '#999');
    if (r.target !== undefined) {
      parts.push(
        `<line x1="${x(r.target)}" y1="${y + 1}" x2="${x(r.target)}" y2="${y + 30}" stroke="#c00" stroke-width="2"/>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
