/**
 * docs/protocol.md is the project's own normative protocol: no file of the repository may send
 * its reader to a contract outside it (the `shared/` folder beside the checkout).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** `../shared/…`, `/work/shared/…` or a bare `shared/protocol…`: not `src-shared/`. */
const OUTSIDE = /(?<![\w-])(?:\.\.\/|\/work\/)?shared\/(?:protocol|[\w-]+\.md)|\.\.\/shared\b/;

describe('the repository is self-contained', () => {
  it('no tracked file points at a protocol contract outside it', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
      .split('\0')
      .filter((f) => /\.(md|ts|js|svelte|json|ya?ml|sh|html)$/.test(f) && !f.endsWith('package-lock.json'))
      .filter((f) => f !== 'test/docs-self-contained.test.ts');
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
