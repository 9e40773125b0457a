/**
 * `npm run scan:electron`: Electronegativity over the main process and the preload (src-main),
 * offline, for the Electron version in node_modules (what `-e` does on its command line).
 *
 * Offline for real: the tool's CLI fetches translations and Electron's release list from the
 * network on every run (and crashes later on a machine without it), so this script runs its
 * programmatic runner with the bundled English texts and without the release-list check.
 * It fails when a finding above "informational" is not explained in docs/security.md (its check
 * id must appear there), so that CI catches a new one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';

export interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
  manualReview: boolean;
}

const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** Replaces the tool's i18n module (which downloads translations) by its bundled English texts. */
function installOfflineTexts(): void {
  const i18nModule = join(toolDir, 'dist', 'locales', 'i18n.js');
  const i18n = createRequire(i18nModule)('i18n') as {
    configure(o: object): void;
    setLocale(l: string): void;
  };
  const setup = async () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(i18nModule),
      updateFiles: false,
      objectNotation: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  require.cache[i18nModule] = { id: i18nModule, filename: i18nModule, loaded: true, exports: setup } as NodeJS.Module;
}

/** Runs the scan; returns every finding. */
export async function scan(input = join(PROJECT_ROOT, 'src-main')): Promise<Issue[]> {
  installOfflineTexts();
  const run = require(join(toolDir, 'dist', 'runner.js')) as (
    o: object,
    forCli: boolean,
  ) => Promise<{ issues: Issue[] }>;
  const result = await run(
    {
      input,
      customScan: [],
      // Downloads Electron's release list; the version is pinned by package-lock.json instead.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  return result.issues;
}

/** The findings above informational whose check id docs/security.md does not mention. */
export function unexplained(
  issues: readonly Issue[],
  doc = readFileSync(join(PROJECT_ROOT, 'docs', 'security.md'), 'utf8'),
): Issue[] {
  return issues.filter((i) => i.severity.value > 0 && !doc.includes(`\`${i.id}\``));
}

if (import.meta.main) {
  const issues = await scan();
  const above = issues.filter((i) => i.severity.value > 0);
  const unexplainedOnes = unexplained(issues);
  const explained = (i: Issue) => !unexplainedOnes.includes(i);
  console.log(`Electronegativity, offline, Electron ${electronVersion}, over src-main (main process and preload):`);
  for (const i of issues) {
    const note =
      i.severity.value === 0 ? 'informational' : explained(i) ? 'explained in docs/security.md' : 'NOT EXPLAINED';
    console.log(
      `  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id.padEnd(40)} ${i.file}:${i.location.line}  (${note})`,
    );
  }
  console.log(
    `${issues.length} finding(s), ${above.length} above informational, ${unexplainedOnes.length} not explained.`,
  );
  if (unexplainedOnes.length > 0) {
    console.error('Fix these or explain each in docs/security.md (by its check id).');
    process.exitCode = 1;
  }
}
