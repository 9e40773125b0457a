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
  sio?: number;
  hostNormal?: number;
  /** The bar the issue sets for host ÷ bare, if any. */
  target?: number;
}

/** host ÷ bare. */
export const ratio = (row: Row, value = row.host) => value / row.bare;

const fmt = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '—' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);

/** Whether a row meets its target (true when it has none). */
export function meets(row: Row): boolean {
  if (row.target === undefined) return true;
  return row.better === 'higher' ? ratio(row) >= row.target : ratio(row) <= row.target;
}

/** A fixed-width text table. */
export function table(rows: Row[]): string {
  const head = [
    'scenario',
    'metric',
    'bare ws',
    'host',
    'host÷bare',
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
    `${ratio(r).toFixed(2)}×`,
    r.target === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'}${r.target}× ${meets(r) ? 'ok' : 'MISS'}`,
    fmt(r.hostNormal),
    fmt(r.sio),
    r.sio === undefined ? '—' : `${ratio(r, r.sio).toFixed(2)}×`,
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
    `<text x="10" y="38" fill="#555">ratio to a bare ws relay (log scale); blue: LAN Chat host (durable history), grey: Socket.IO; | target</text>`,
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
        `<rect x="${Math.min(a, b)}" y="${y + dy}" width="${Math.max(1, Math.abs(b - a))}" height="11" fill="${fill}"/>`,
        `<text x="${b + (b >= a ? 4 : -4)}" y="${y + dy + 10}" text-anchor="${b >= a ? 'start' : 'end'}" font-size="10">${v.toFixed(2)}×</text>`,
      );
    };
    bar(ratio(r), 4, '#2b6cb0');
    if (r.sio !== undefined) bar(ratio(r, r.sio), 17, '#999');
    if (r.target !== undefined) {
      parts.push(
        `<line x1="${x(r.target)}" y1="${y + 1}" x2="${x(r.target)}" y2="${y + 30}" stroke="#c00" stroke-width="2"/>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
