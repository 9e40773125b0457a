/**
 * No source file over 400 lines (the house rule's hard limit; aim for about 300): a file that
 * long holds more than one concept. Split it along a seam (docs/architecture.md) rather than
 * adding it to a list here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 400;
/** Where source lives: the app, its tests, the benchmark and the scripts. */
const SOURCE = /^(src-[\w-]+|test|e2e|bench|scripts)\/.+\.(ts|js|mjs|cjs|svelte|css|html|sh)$/;

/** Tracked files and new ones not ignored, so that a file is caught before its first commit. */
function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0')
    .filter((f) => SOURCE.test(f) && existsSync(f));
}

/** Lines as an editor numbers them: a last line without a newline counts too. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

describe('file size', () => {
  it(`no source file is over ${MAX_LINES} lines`, () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(200); // the pattern still finds the source
    const over = files
      .map((file) => ({ file, lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(over).toEqual([]);
  });

  it('counts lines as an editor does', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\n\n')]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });
});
