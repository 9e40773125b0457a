/** Builds the renderer once per run, so that the hosts serve what the sources say. */
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';

export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
