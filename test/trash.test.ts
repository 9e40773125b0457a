/**
 * The files trash (src-main/files/trash.ts): a discarded file leaves its name at once, its bytes
 * go a slice at a time (cut from the end, so the disk's journal frees a little per commit), and
 * what a stopped host left in the trash goes at its next start. Real files in a temp folder.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Trash } from '../src-main/files/trash.ts';
import { waitFor } from './helpers/wait.ts';

const MIB = 1024 * 1024;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-trash-'));
  dirs.push(dir);
  return dir;
}

/** A sparse file of `mib` MiB (its size is what the trash works on, not its blocks). */
function bigFile(path: string, mib: number): string {
  writeFileSync(path, '');
  truncateSync(path, mib * MIB);
  return path;
}

describe('trash', () => {
  it('takes a file off its name at once and frees it a slice at a time from its end', async () => {
    const dir = folder();
    const trash = new Trash(join(dir, 'trash'), () => {}, { sliceBytes: MIB, pauseMs: 60 });
    await trash.open();
    const file = bigFile(join(dir, 'upload'), 4);
    expect(await trash.discard(file)).toBe(true);
    expect(existsSync(file)).toBe(false);
    const [name] = readdirSync(join(dir, 'trash'));
    const inTrash = join(dir, 'trash', name!);
    const sizes: number[] = [];
    await waitFor(
      () => {
        if (!existsSync(inTrash)) return true;
        const size = statSync(inTrash, { throwIfNoEntry: false })?.size;
        if (size !== undefined && sizes.at(-1) !== size) sizes.push(size);
        return false;
      },
      5000,
      'the trash to free the file',
    );
    expect(sizes).toEqual([4 * MIB, 3 * MIB, 2 * MIB, 1 * MIB].filter((s) => sizes.includes(s)));
    expect(sizes.filter((s) => s > 0 && s < 4 * MIB).length).toBeGreaterThanOrEqual(2);
    await trash.idle();
    expect(readdirSync(join(dir, 'trash'))).toEqual([]);
  });

  it('says false for a file that is not there, and frees small files at once', async () => {
    const dir = folder();
    const trash = new Trash(join(dir, 'trash'));
    await trash.open();
    expect(await trash.discard(join(dir, 'nothing'))).toBe(false);
    writeFileSync(join(dir, 'small'), 'hello');
    expect(await trash.discard(join(dir, 'small'))).toBe(true);
    await trash.idle();
    expect(readdirSync(join(dir, 'trash'))).toEqual([]);
  });

  it('stops after its step when closed, and a new start finishes what is left', async () => {
    const dir = folder();
    const opts = { sliceBytes: MIB, pauseMs: 50 };
    const first = new Trash(join(dir, 'trash'), () => {}, opts);
    await first.open();
    await first.discard(bigFile(join(dir, 'a'), 8));
    await first.discard(bigFile(join(dir, 'b'), 8));
    await first.close();
    const left = readdirSync(join(dir, 'trash'));
    expect(left.length).toBeGreaterThan(0);
    const second = new Trash(join(dir, 'trash'), () => {}, opts);
    await second.open();
    await second.idle();
    expect(readdirSync(join(dir, 'trash'))).toEqual([]);
  });

  it('logs a file it cannot remove and goes on with the others', async () => {
    const dir = folder();
    const lines: string[] = [];
    const trash = new Trash(join(dir, 'trash'), (l) => lines.push(l));
    mkdirSync(join(dir, 'trash', 'stuck', 'inside'), { recursive: true });
    writeFileSync(join(dir, 'trash', 'loose'), 'x');
    await trash.open();
    await trash.idle();
    expect(readdirSync(join(dir, 'trash'))).toEqual(['stuck']);
    expect(lines.some((l) => l.includes('stuck'))).toBe(true);
  });

  it('still takes a file when its folder was removed behind its back, instead of keeping the bytes', async () => {
    const dir = folder();
    const trash = new Trash(join(dir, 'trash'));
    await trash.open();
    rmSync(join(dir, 'trash'), { recursive: true });
    writeFileSync(join(dir, 'blob'), 'erased bytes');
    expect(await trash.discard(join(dir, 'blob'))).toBe(true);
    expect(existsSync(join(dir, 'blob'))).toBe(false);
    await trash.idle();
    expect(readdirSync(join(dir, 'trash'))).toEqual([]);
    expect(await trash.discard(join(dir, 'blob'))).toBe(false);
  });
});
