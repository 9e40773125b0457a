/**
 * Draws the app icon (build/icon.png, 512×512: a speech bubble with three dots on a rounded
 * blue square) without any image library: signed distances, 4×4 supersampling, and a PNG
 * written by hand with node:zlib. Run `node scripts/make-icon.ts` after changing the drawing;
 * the PNG is committed, and electron-builder derives the .ico and .icns from it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';

const SIZE = 512;
type RGBA = [number, number, number, number];

/** Signed distance to a rounded rectangle centred at (cx, cy). */
function roundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance to the triangle of the bubble's tail. */
function tail(x: number, y: number): number {
  const [ax, ay, bx, by, cx, cy] = [170, 330, 250, 330, 140, 420];
  const edge = (px: number, py: number, qx: number, qy: number) =>
    ((qx - px) * (y - py) - (qy - py) * (x - px)) / Math.hypot(qx - px, qy - py);
  const e = [edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay)];
  return Math.min(Math.max(...e), Math.max(...e.map((d) => -d))); // either winding
}

function colorAt(x: number, y: number): RGBA {
  if (roundedRect(x, y, 256, 256, 240, 240, 96) > 0) return [0, 0, 0, 0];
  const t = y / SIZE; // a vertical gradient, lighter at the top
  const bg: RGBA = [Math.round(59 - 25 * t), Math.round(130 - 40 * t), Math.round(246 - 40 * t), 255];
  const bubble = Math.min(roundedRect(x, y, 256, 240, 150, 110, 60), tail(x, y));
  if (bubble > 0) return bg;
  for (const dx of [-70, 0, 70]) if (Math.hypot(x - 256 - dx, y - 240) < 24) return bg;
  return [255, 255, 255, 255];
}

function render(): Buffer {
  const rows: Buffer[] = [];
  const S = 4;
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const c = colorAt(x + (sx + 0.5) / S, y + (sy + 0.5) / S);
          for (let i = 0; i < 3; i++) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      const a = sum[3]! / (S * S);
      for (let i = 0; i < 3; i++) row[1 + x * 4 + i] = a === 0 ? 0 : Math.round(sum[i]! / sum[3]!);
      row[1 + x * 4 + 3] = Math.round(a);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(render(), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const file = join(PROJECT_ROOT, 'build', 'icon.png');
writeFileSync(file, png);
console.log(`Wrote ${file} (${png.length} bytes)`);
