/**
 * Electronegativity over the main process and the preload, offline, as part of the test suite
 * (so CI runs it): every finding above informational must be explained in docs/security.md.
 */
import { describe, expect, it } from 'vitest';
import { scan, unexplained, type Issue } from '../scripts/scan-electron.ts';

describe('Electronegativity scan (npm run scan:electron)', () => {
  it('has no finding above informational that docs/security.md does not explain', async () => {
    const issues = await scan();
    const show = (list: Issue[]) => list.map((i) => `${i.id} ${i.severity.name} ${i.file}:${i.location.line}`);
    expect(show(unexplained(issues))).toEqual([]);
    // The scan really ran over the Electron code: the reviewed openExternal call is among its findings.
    expect(show(issues).some((line) => line.startsWith('OPEN_EXTERNAL_JS_CHECK'))).toBe(true);
  }, 60_000); // parsing every file of src-main takes seconds on a busy machine

  it('fails a finding that is not explained', () => {
    const finding = { id: 'NEW_CHECK', severity: { name: 'HIGH', value: 3 } } as Issue;
    const info = { id: 'INFO_CHECK', severity: { name: 'INFORMATIONAL', value: 0 } } as Issue;
    expect(unexplained([finding, info], 'nothing about it')).toEqual([finding]);
    expect(unexplained([finding], 'see `NEW_CHECK` above')).toEqual([]);
  });
});
