/**
 * The vitest part of `npm test`: `vitest run`, and two things vitest does not do.
 *
 * - **A crash is said at the end.** A test process that dies (a native crash: V8's "Fatal error",
 *   a signal) is reported by vitest as "Worker exited unexpectedly", with the process's own last
 *   words hundreds of lines above. Those lines are kept and printed again after the summary,
 *   with which files did not finish, so the tail of a CI log says what happened.
 * - **A file whose process crashed runs once more.** Only such a file: one whose tests vitest
 *   never saw end (`pending` in its JSON report), in a run where no test failed. A test that fails
 *   is never run again, and a file that crashes twice fails the run. The crash stays in the log.
 *   Why: once, in CI, Node 24 lost a test process to a V8 check failing inside one of the store's
 *   threads (docs/architecture.md, "Ending a thread"); it did not come back in ~40 runs here, so
 *   no test reproduces it, and one such crash should not cost a whole CI run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** Lines of a dying process worth saying again (V8, Node and the kernel's words for a crash). */
const LAST_WORDS =
  /Fatal error|Check failed|FATAL ERROR|Native stack trace|Worker exited unexpectedly|Segmentation fault|Assertion failed|out of memory/;
/** How many lines after such a line belong to it (a native stack trace). */
const FOLLOWING = 12;

interface JsonReport {
  numFailedTests: number;
  testResults: { name: string; assertionResults: { status: string }[] }[];
}

interface Run {
  code: number;
  report: JsonReport | undefined;
  lastWords: string[];
}

/** vitest's own command line script, run with this Node (npm's PATH is not needed). */
const VITEST = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** What this script was given (vitest's own options and files, as `npm test -- …` would pass). */
const given = process.argv.slice(2);
/** Of those, the options (`--name=value`): they apply to the second run too. */
const options = given.filter((a) => a.startsWith('-'));

/** Runs vitest with `args`, passing its output through and keeping a crash's lines. */
function vitest(args: string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'lanchat-vitest-'));
  const json = join(dir, 'report.json');
  args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...args];
  const child = spawn(process.execPath, [VITEST, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lastWords: string[] = [];
  let following = 0;
  const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
    to.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (LAST_WORDS.test(line)) following = FOLLOWING + 1;
      if (following > 0 && line.trim() !== '') lastWords.push(line);
      following = Math.max(0, following - 1);
    }
  };
  child.stdout.on('data', (c: Buffer) => keep(c, process.stdout));
  child.stderr.on('data', (c: Buffer) => keep(c, process.stderr));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      let report: JsonReport | undefined;
      try {
        report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
      } catch {
        // no report: vitest itself did not finish; the exit code says enough
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? 1, report, lastWords }); // no code: a signal ended it
    });
  });
}

/** Files with a test vitest never saw end: their process died under them. */
function crashedFiles(report: JsonReport): string[] {
  return report.testResults
    .filter((file) => file.assertionResults.some((t) => t.status === 'pending'))
    .map((file) => relative(process.cwd(), file.name));
}

function sayCrash(run: Run, files: string[]): void {
  console.error(`\n── A test process crashed: ${files.join(', ') || 'file unknown'} did not finish. Its last words:`);
  for (const line of run.lastWords.slice(0, 80)) console.error(`   ${line}`);
}

const first = await vitest(given);
if (first.code === 0) process.exit(0);
const crashed = first.report ? crashedFiles(first.report) : [];
if (!first.report || first.report.numFailedTests > 0 || crashed.length === 0) {
  if (first.lastWords.length > 0) sayCrash(first, crashed);
  process.exit(first.code);
}
sayCrash(first, crashed);
console.error(`── No test failed. Running ${crashed.join(', ')} once more.\n`);
const again = await vitest([...options, ...crashed]);
if (again.code !== 0) sayCrash(again, again.report ? crashedFiles(again.report) : crashed);
console.error(
  again.code === 0
    ? `\n── ${crashed.join(', ')} passed when run again; the crash above is in the log, not hidden.`
    : `\n── ${crashed.join(', ')} did not pass when run again.`,
);
process.exit(again.code);
