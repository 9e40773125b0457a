/**
 * electron-builder.yml, validated offline against electron-builder's own JSON schema (the one it
 * checks the configuration with before a build), plus the choices the project relies on.
 */
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src-main/platform/paths.ts';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const config = yaml.load(readFileSync(join(PROJECT_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(schema);
function validate(value: unknown) {
  return { ok: check(value), errors: ajv.errorsText(check.errors) };
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const result = validate(config);
    expect(result.errors).toBe('No errors');
    expect(result.ok).toBe(true);
  });

  it('is checked for real: a misspelt option fails the same schema', () => {
    expect(validate({ ...config, prodcutName: 'typo' }).ok).toBe(false);
    expect(validate({ ...config, linux: { target: 42 } }).ok).toBe(false);
  });

  it('names the product, packs only the build output into an asar, and targets the three platforms', () => {
    expect(config).toMatchObject({ productName: 'LAN Chat', asar: true });
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
    expect(config.files).toEqual(['package.json', 'dist/electron/**', 'dist/renderer/**', '!**/*.map']);
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('keeps sharp and its libvips outside the asar, where a native library can be loaded', () => {
    expect(config.asarUnpack).toEqual(['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*']);
    // The patterns must match the native files npm put in place for this machine.
    const img = join(PROJECT_ROOT, 'node_modules', '@img');
    const native = readdirSync(img, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(node|so(\.\d+)*)$/.test(f))
      .map((f) => `node_modules/@img/${f}`);
    expect(native.some((f) => f.endsWith('.node'))).toBe(true);
    expect(native.some((f) => /\.so/.test(f))).toBe(true);
    const unpacked = (f: string) => (config.asarUnpack as string[]).some((glob) => matchesGlob(f, glob));
    expect(native.filter((f) => !unpacked(f))).toEqual([]);
    expect(unpacked('node_modules/sharp/lib/sharp.js')).toBe(true);
    expect(unpacked('node_modules/ws/index.js')).toBe(false);
  });

  it('points at files that exist: the icon, and package.json main for the bundled main process', () => {
    expect(existsSync(join(PROJECT_ROOT, config.icon as string))).toBe(true);
    const png = readFileSync(join(PROJECT_ROOT, config.icon as string));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width, from the IHDR chunk
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { main?: string };
    expect(pkg.main).toBe('dist/electron/main.js');
  });
});
